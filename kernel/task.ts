/** @noSelfInFile */
/**
 * The task's view of itself: its register file and its own state.
 *
 * One `Task` object per task is created at boot and reused for the life of
 * the system (and across restarts). A step reads the result of its previous
 * syscall from these fields, and writes nothing to them: only the kernel does.
 */
export class Task<S = unknown> {
  /** This task's id: table index plus generation (see `taskIndex`). */
  id = 0;
  /** Result code of the last syscall (`Status`). */
  status = 0;
  /** What the last syscall brought in (`Kind`). */
  kind = 0;
  /**
   * Who it came from: a task id for MESSAGE and REPLY, the notification id for
   * NOTIFICATION, the IRQ id for IRQ. For PEER_DEAD, the peer's current id.
   */
  sender = 0;
  /** Message label (the receiver's "method"). */
  label = 0;
  /** Message words, 32-bit integers. */
  w1 = 0;
  w2 = 0;
  w3 = 0;
  /**
   * The task's message buffer (`buffer` bytes in its description), for
   * messages longer than the three words. The task fills it and sets `out`
   * before a send, call or reply; a receiver finds the bytes copied into its
   * own buffer, up to its size.
   */
  buf: number[];
  /** Bytes of `buf` to send with each send, call and reply (the task sets it; 0: none). */
  out = 0;
  /** Bytes the last message or reply brought into `buf`. */
  len = 0;
  /** Bytes the sender offered; more than `len` means the message was truncated to fit. */
  offered = 0;
  /** The task's own state, given in the app description. */
  state: S;
  constructor(state: S, buf: number[]) {
    this.state = state;
    this.buf = buf;
  }
}
