// The comparison side of the browser benchmark (bench/browser/run.mjs): the peer,
// aws-local-stepfunctions 3.0.0's browser bundle, running a machine with a handler, and a plain
// JavaScript loop calling that handler once per item. Both report milliseconds.
import { StateMachine } from "/peer/main.browser.esm.js";

/** Loads a Node.js-style CommonJS handler source; returns `event => Promise<result>`. */
function loadHandler(source, functionName) {
  const module = { exports: {} };
  const require = () => {
    throw new Error("require is not available here");
  };
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

/** Every Task state (name → Resource) of a definition, nested ones included. */
function taskStates(states, out = {}) {
  for (const [name, s] of Object.entries(states ?? {})) {
    if (s.Type === "Task") out[name] = s.Resource;
    for (const sub of [s.Iterator, s.ItemProcessor, ...(s.Branches ?? [])]) {
      if (sub) taskStates(sub.States, out);
    }
  }
  return out;
}

/**
 * Runs `definition` on `input` on the peer, each Task state calling the handler of the
 * function its Resource names (`handlers`: {name: source}). Resolves to {status, ms, made, output}.
 */
window.runPeer = async (definition, input, handlers) => {
  const overrides = { taskResourceLocalHandlers: {} };
  for (const [state, resource] of Object.entries(taskStates(definition.States))) {
    const fn = String(resource).split(":function:")[1]?.split(":")[0];
    if (handlers[fn] !== undefined) overrides.taskResourceLocalHandlers[state] = loadHandler(handlers[fn], fn);
  }
  // `made` includes making the machine (the peer validates the definition then); `ms` is the
  // run alone (the playground validated the definition while it was typed).
  const t00 = performance.now();
  const machine = new StateMachine(definition, { validationOptions: { checkPaths: false } });
  const t0 = performance.now();
  let status = "SUCCEEDED";
  let output;
  try {
    output = await machine.run(input, { overrides }).result;
  } catch (e) {
    status = `FAILED: ${e?.name}: ${e?.message}`;
  }
  const t1 = performance.now();
  return { status, ms: t1 - t0, made: t1 - t00, output };
};

/** Calls the handler once per item of `items`, one after another. Resolves to {ms, output}. */
window.runLoop = async (source, functionName, items) => {
  const handler = loadHandler(source, functionName);
  const t0 = performance.now();
  const output = [];
  for (const item of items) output.push(await handler(item));
  return { ms: performance.now() - t0, output };
};

window.peerReady = true;
