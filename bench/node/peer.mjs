// Runs one execution on the peer interpreter, aws-local-stepfunctions 3.0.0, with the same
// command line and output shape as `aslplay run`:
//
//   node peer.mjs --definition F --input F [--handlers F]
//
// prints {"status":"SUCCEEDED","output":…} or {"status":"FAILED","error":…,"cause":…}.
// `--handlers` is aslplay's file: {"<function ARN or name>": "<Node.js handler source>"}; each
// Task state whose Resource names a function runs that source through the peer's
// `overrides.taskResourceLocalHandlers` (keyed by state name), in this process.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { localHandlers } from "../browser/peer-handlers.mjs";

// aws-local-stepfunctions 3.0.0 wants Node 22 (`Promise.withResolvers`); Node 20 lacks it.
if (typeof Promise.withResolvers !== "function") {
  Promise.withResolvers = function withResolvers() {
    let resolve;
    let reject;
    const promise = new this((res, rej) => {
      resolve = res;
      reject = rej;
    });
    return { promise, resolve, reject };
  };
}

const { StateMachine } = await import("aws-local-stepfunctions");

function arg(name) {
  const i = process.argv.indexOf(name);
  return i < 0 ? undefined : process.argv[i + 1];
}

const definition = JSON.parse(readFileSync(arg("--definition"), "utf8"));
const input = JSON.parse(readFileSync(arg("--input"), "utf8"));
const taskResourceLocalHandlers = arg("--handlers")
  ? localHandlers(definition, JSON.parse(readFileSync(arg("--handlers"), "utf8")), createRequire(import.meta.url))
  : {};

const machine = new StateMachine(definition, { validationOptions: { checkPaths: false } });
try {
  const output = await machine.run(input, { overrides: { taskResourceLocalHandlers } }).result;
  process.stdout.write(JSON.stringify({ status: "SUCCEEDED", output }) + "\n");
} catch (e) {
  process.stdout.write(
    JSON.stringify({ status: "FAILED", error: e?.name ?? "Error", cause: String(e?.message ?? e) }) + "\n",
  );
  process.exitCode = 1;
}
