/** @noSelfInFile */
/** Board bundles: no debug hooks (see `hooks-on.ts`). */
export const HOOKS: boolean = false;
