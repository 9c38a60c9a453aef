// Makes the two quick-start commands self-sufficient on a fresh machine:
// installs the npm packages when they are missing, and (with `--lua`) the
// Debian packages the Lua tests need, or says exactly how to get them.
// Plain JavaScript with no dependencies: it runs before the packages are installed.
import { existsSync, readFileSync } from "node:fs";
import { execSync, spawnSync } from "node:child_process";

const root = new URL("..", import.meta.url).pathname;

function run(cmd) {
  console.log("$ " + cmd);
  execSync(cmd, { stdio: "inherit", cwd: root });
}

const pkg = JSON.parse(readFileSync(root + "package.json", "utf8"));
const missing = Object.keys(pkg.devDependencies || {}).filter((name) => !existsSync(root + "node_modules/" + name + "/package.json"));
if (missing.length > 0) {
  console.log("baton: installing npm packages (" + (missing.length > 3 ? missing.length + " missing" : "missing: " + missing.join(", ")) + ")...");
  // `npm ci`: exactly the versions of package-lock.json. Without a lock file
  // (a copy of the sources only), `npm install` makes one.
  run(existsSync(root + "package-lock.json") ? "npm ci --no-audit --no-fund" : "npm install --no-audit --no-fund");
}

function has(cmd) {
  return spawnSync("sh", ["-c", "command -v " + cmd], { stdio: "ignore" }).status === 0;
}

// lua5.1 with the bit library (lua-bitop), and busted with its modules for Lua 5.1
// (`busted --lua=lua5.1` runs the specs with them).
function luaReady() {
  if (!has("lua5.1") || !has("busted")) return false;
  return spawnSync("lua5.1", ["-e", "require('bit'); require('busted.runner')"], { stdio: "ignore" }).status === 0;
}

if (process.argv.includes("--lua") && !luaReady()) {
  const pkgs = "lua5.1 lua-busted lua-bitop";
  const isRoot = typeof process.getuid === "function" && process.getuid() === 0;
  if (isRoot && has("apt-get")) {
    console.log("baton: installing the Debian packages for the Lua tests: " + pkgs);
    run("apt-get update -qq");
    run("DEBIAN_FRONTEND=noninteractive apt-get install -y -qq " + pkgs);
  } else {
    console.error("baton: the Lua tests need the Debian packages " + pkgs + ". Install them with:\n  sudo apt-get install -y " + pkgs);
    process.exit(1);
  }
}
