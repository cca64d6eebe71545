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

/** Loads a handler's CommonJS source and returns `event => Promise<result>`. */
function loadHandler(source, functionName) {
  const module = { exports: {} };
  const require = createRequire(import.meta.url);
  new Function("exports", "module", "require", source)(module.exports, module, require);
  const handler = module.exports.handler;
  if (typeof handler !== "function") throw new Error(`${functionName}: no exports.handler`);
  const context = {
    functionName,
    functionVersion: "$LATEST",
    memoryLimitInMB: "128",
    getRemainingTimeInMillis: () => 3000,
  };
  return (event) =>
    new Promise((resolve, reject) => {
      const done = (err, value) => (err ? reject(err) : resolve(value));
      const r = handler(event, context, done);
      if (r && typeof r.then === "function") r.then(resolve, reject);
    });
}

/** Every Task state (name → Resource) in a definition, nested ones included. */
function taskStates(states, out = {}) {
  for (const [name, s] of Object.entries(states ?? {})) {
    if (s.Type === "Task") out[name] = s.Resource;
    for (const sub of [s.Iterator, s.ItemProcessor, ...(s.Branches ?? [])]) {
      if (sub) taskStates(sub.States, out);
    }
  }
  return out;
}

const definition = JSON.parse(readFileSync(arg("--definition"), "utf8"));
const input = JSON.parse(readFileSync(arg("--input"), "utf8"));
const taskResourceLocalHandlers = {};
if (arg("--handlers")) {
  const sources = JSON.parse(readFileSync(arg("--handlers"), "utf8"));
  for (const [state, resource] of Object.entries(taskStates(definition.States))) {
    const fn = String(resource).split(":function:")[1]?.split(":")[0];
    const source = sources[resource] ?? sources[fn];
    if (source !== undefined) taskResourceLocalHandlers[state] = loadHandler(source, fn);
  }
}

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
