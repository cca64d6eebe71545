// The comparison side of the browser benchmark (bench/browser/run.mjs): the peer,
// aws-local-stepfunctions 3.0.0's browser bundle, running a machine with a handler, and a plain
// JavaScript loop calling that handler once per item. Both report milliseconds.
import { StateMachine } from "/peer/main.browser.esm.js";
import { loadHandler, localHandlers } from "./peer-handlers.mjs";

/** A handler's `require`: nothing can be required in the page. */
function require() {
  throw new Error("require is not available here");
}

/**
 * Runs `definition` on `input` on the peer, each Task state calling the handler of the
 * function its Resource names (`handlers`: {name: source}). Resolves to {status, ms, made, output}.
 */
window.runPeer = async (definition, input, handlers) => {
  const overrides = { taskResourceLocalHandlers: localHandlers(definition, handlers, require) };
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
  const handler = loadHandler(source, functionName, require);
  const t0 = performance.now();
  const output = [];
  for (const item of items) output.push(await handler(item));
  return { ms: performance.now() - t0, output };
};

window.peerReady = true;
