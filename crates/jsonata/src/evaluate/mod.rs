//! Evaluation: an expression's value against an input and bindings.
//!
//! The parsed tree is first rewritten into a [`plan`] (paths as lists of steps, as jsonata-js
//! rewrites its tree); evaluation walks the plan with an [`Evaluator`], which is also the
//! [`Host`] built-in functions call back through. Submodules follow JSONata's nouns: `path`
//! (steps, predicates, tuple streams), `operators`, `constructors` (arrays, objects and
//! grouping), `sort`, `call` (function application, partial application, tail calls) and
//! `transform`.

use std::collections::HashMap;
use std::rc::{Rc, Weak};
use std::sync::Arc;

use crate::signature::Signature;
use crate::value::{Array, Function, Host, Native, Value};
use crate::{Error, Expression};

mod call;
mod constructors;
mod nesting;
mod operators;
mod path;
pub(crate) mod plan;
mod scope;
mod sort;
mod transform;

use plan::{Kind, Name, Node};
use scope::{Env, Frame};

/// A function defined in an expression, with the scope it closes over.
pub struct Lambda {
    pub(crate) def: Arc<plan::LambdaDef>,
    pub(crate) input: Value,
    pub(crate) env: Env,
}

impl std::fmt::Debug for Lambda {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "<lambda/{}>", self.def.parameters.len())
    }
}

/// How far one evaluation may go before it ends with an error instead of a hang, a stack
/// overflow or running out of memory.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Deepest nesting of evaluation (function calls included), counted as jsonata-js's
    /// test harness counts it: one level per sub-expression being evaluated.
    pub max_depth: usize,
    /// Most evaluation steps (sub-expressions evaluated; each item a range `[a..b]` or an
    /// array constructor makes, a built-in returns, or the result holds when written out
    /// counts a quarter). U1001 past it, as jsonata-js's time limit.
    pub max_steps: u64,
    /// Most items one range `[a..b]` may make: jsonata-js's 10,000,000 by default (D2014
    /// past it); a host with little memory (a web page) may set fewer.
    pub max_range: u64,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            max_depth: 500,
            max_steps: 10_000_000,
            max_range: 10_000_000,
        }
    }
}

/// Variables and functions an evaluation starts with, and its limits.
#[derive(Debug, Clone, Default)]
pub struct Bindings {
    pub(crate) variables: HashMap<String, Value>,
    /// The evaluation's limits.
    pub limits: Limits,
    /// The time `$now()`/`$millis()` report, in ms since the epoch; `None`: the system clock
    /// (natively; 0 on wasm32, which has none).
    pub now_millis: Option<f64>,
}

impl Bindings {
    /// No bindings, default limits.
    pub fn new() -> Bindings {
        Bindings::default()
    }

    /// Binds `$name` (give the name without `$`) to a value.
    pub fn bind(&mut self, name: &str, value: Value) {
        self.variables.insert(name.to_string(), value);
    }

    /// Binds `$name` to a JSON value.
    pub fn bind_json(&mut self, name: &str, value: &serde_json::Value) {
        self.bind(name, Value::from_json(value));
    }

    /// Binds `$name` to a native function with an optional signature (`<s-n?:s>`).
    pub fn bind_function(
        &mut self,
        name: &str,
        signature: Option<&str>,
        body: impl Fn(&mut dyn Host, &[Value]) -> Result<Value, Error> + 'static,
    ) -> Result<(), Error> {
        let signature = signature.map(Signature::parse).transpose()?;
        let native = Native {
            name: name.to_string(),
            signature,
            body: Rc::new(body),
        };
        self.bind(name, Value::Function(Rc::new(Function::Native(native))));
        Ok(())
    }

    /// The value bound to `$name`, if any.
    pub fn get(&self, name: &str) -> Option<&Value> {
        self.variables.get(name)
    }
}

impl Expression {
    /// Evaluates the expression against `input` (`None`: undefined input). `Ok(None)` when the
    /// result is undefined.
    pub fn evaluate(
        &self,
        input: Option<&serde_json::Value>,
        bindings: &Bindings,
    ) -> Result<Option<serde_json::Value>, Error> {
        let input = input.map(Value::from_json).unwrap_or_default();
        self.evaluate_then(input, bindings, |v| v.to_json())
    }

    /// Evaluates the expression against a [`Value`] input and hands the value to `with`,
    /// then frees everything the evaluation made — also the scope of a recursive function
    /// in the value, which would otherwise keep itself alive. Use this (or
    /// [`Expression::evaluate`]) when the value is turned into data (JSON), not kept.
    pub fn evaluate_then<R>(
        &self,
        input: Value,
        bindings: &Bindings,
        with: impl FnOnce(Value) -> R,
    ) -> Result<R, Error> {
        let mut ev = Evaluator::new(bindings);
        let result = self
            .run(&mut ev, input)
            .and_then(|v| ev.charge_result(v))
            .map(with);
        ev.break_cycles();
        result.map_err(|e| *e)
    }

    /// Evaluates the expression against a [`Value`] input, giving a [`Value`].
    ///
    /// A result that holds a function defined in the expression keeps the scopes it closes
    /// over alive; a recursive function's scope refers to itself, so that memory stays
    /// allocated after the value is dropped. [`Expression::evaluate_then`] and
    /// [`Expression::evaluate`] free everything.
    pub fn evaluate_value(&self, input: Value, bindings: &Bindings) -> Result<Value, Error> {
        let mut ev = Evaluator::new(bindings);
        let result = self.run(&mut ev, input).and_then(|v| ev.charge_result(v));
        if !matches!(&result, Ok(v) if holds_function(v)) {
            ev.break_cycles();
        }
        result.map_err(|e| *e)
    }

    fn run(&self, ev: &mut Evaluator, input: Value) -> Fallible<Value> {
        let root = Frame::root();
        root.bind(&Name::from("$"), input.clone());
        let input = wrap_outer(input);
        ev.eval(&self.plan, &input, &root)
    }
}

/// jsonata-js wraps an array input in a singleton sequence (its "outer wrapper"), so that a
/// path treats the whole array as one input.
fn wrap_outer(input: Value) -> Value {
    match &input {
        Value::Array(a) if !a.sequence => Value::Array(Rc::new(Array {
            items: vec![input.clone()],
            sequence: true,
            outer_wrapper: true,
            ..Array::default()
        })),
        _ => input,
    }
}

thread_local! {
    static BUILTINS: std::cell::RefCell<HashMap<String, Value>> =
        std::cell::RefCell::new(HashMap::new());
}

/// The library's built-in called `name` (cached per thread: building one allocates; only
/// names that are built-ins are kept, so the cache stays small).
fn builtin(name: &str) -> Option<Value> {
    BUILTINS.with(|cache| {
        if let Some(v) = cache.borrow().get(name) {
            return Some(v.clone());
        }
        let v = crate::functions::builtin(name).or_else(|| own_builtin(name))?;
        cache.borrow_mut().insert(name.to_string(), v.clone());
        Some(v)
    })
}

/// The built-ins the evaluator itself provides: `$eval` (through [`Host::eval`]) and
/// `$clone` (values are immutable here, so a clone is the value itself).
fn own_builtin(name: &str) -> Option<Value> {
    match name {
        "eval" => Some(crate::functions::native(
            "eval",
            "<sx?:x>",
            |host, args| match args.first() {
                Some(Value::String(expr)) => {
                    let focus = args.get(1).cloned().unwrap_or_default();
                    host.eval(expr, &focus)
                }
                _ => Ok(Value::Undefined),
            },
        )),
        "clone" => Some(crate::functions::native("clone", "<(oa)-:o>", |_, args| {
            Ok(args.first().cloned().unwrap_or_default())
        })),
        _ => None,
    }
}

/// How much of the thread's stack an evaluation may use, whatever `Limits::max_depth` says:
/// built-ins between two levels (a `$map` calling back, say) make some levels deeper than
/// others. A debug build's frames are several times a release build's.
#[cfg(not(target_arch = "wasm32"))]
const STACK_BUDGET: usize = 1 << 20;
#[cfg(target_arch = "wasm32")]
const STACK_BUDGET: usize = 1 << 19;

/// Where the stack is now (an address in it).
#[inline(never)]
fn stack_here() -> usize {
    let marker = 0u8;
    std::hint::black_box(&marker) as *const u8 as usize
}

/// The stack used since `base` (stacks grow down on every target this builds for).
fn stack_used(base: usize) -> usize {
    base.saturating_sub(stack_here())
}

/// One evaluation: its limits and counters, clock, random numbers, and the call being made.
pub(crate) struct Evaluator<'b> {
    bindings: &'b Bindings,
    limits: Limits,
    depth: usize,
    steps: u64,
    now: f64,
    rng: u64,
    /// The scope, input and position of the native function being called.
    call_env: Option<Env>,
    call_input: Value,
    call_position: usize,
    /// Frames a function value was bound in (each may be part of a reference cycle).
    cyclic: Vec<Weak<Frame>>,
    /// Regex literals' function values, made once per evaluation.
    regexes: HashMap<*const Node, Value>,
    /// The stack's position when the evaluation began.
    stack_base: usize,
    /// How deeply the containers met nest.
    depths: nesting::Depths,
}

thread_local! {
    static EVALUATIONS: std::cell::Cell<u64> = const { std::cell::Cell::new(0) };
}

/// A seed for one evaluation's random numbers: the clock and a count of evaluations, so that
/// two evaluations differ even where the clock stands still (wasm32 without a clock given).
fn seed(now: f64) -> u64 {
    let n = EVALUATIONS.with(|c| {
        let n = c.get().wrapping_add(1);
        c.set(n);
        n
    });
    // splitmix64 of the two
    let mut z = now.to_bits() ^ n.wrapping_mul(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    (z ^ (z >> 31)) | 1
}

fn clock(bindings: &Bindings) -> f64 {
    if let Some(t) = bindings.now_millis {
        return t;
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_millis() as f64)
            .unwrap_or(0.0)
    }
    #[cfg(target_arch = "wasm32")]
    {
        0.0
    }
}

/// An error at a position, with jsonata-js's message for its code.
pub(crate) fn error(code: &'static str, position: usize, token: Option<&str>) -> Box<Error> {
    Box::new(Error::new(code, position, token.map(str::to_string)))
}

/// U1001 for an evaluation past its step budget (jsonata-js's test harness names a time
/// limit so).
fn timeout(position: usize) -> Box<Error> {
    Box::new(Error::with_message(
        "U1001",
        position,
        None,
        "Expression evaluation timeout: Check for infinite loop".to_string(),
    ))
}

/// An error about a value (and maybe a second), its message naming them as jsonata-js does.
pub(crate) fn error_about(
    code: &'static str,
    position: usize,
    token: Option<&str>,
    value: &Value,
    value2: Option<&Value>,
) -> Box<Error> {
    let json = |v: &Value| match v {
        Value::Number(n) if !n.is_finite() => "null".to_string(),
        Value::Function(_) => "{}".to_string(),
        v => v
            .to_json()
            .map_or_else(|| "undefined".to_string(), |j| j.to_string()),
    };
    let message =
        crate::error::runtime_message(code, token, Some(&json(value)), value2.map(json).as_deref())
            .unwrap_or_else(|| format!("Error {code}"));
    Box::new(Error::with_message(
        code,
        position,
        token.map(str::to_string),
        message,
    ))
}

/// A result whose error is boxed: the functions a recursion passes through keep their stack
/// frames small (a `Result<Value, Error>` temporary is five times the size).
pub(crate) type Fallible<T> = Result<T, Box<Error>>;

impl<'b> Evaluator<'b> {
    fn new(bindings: &'b Bindings) -> Evaluator<'b> {
        let now = clock(bindings);
        Evaluator {
            bindings,
            limits: bindings.limits,
            depth: 0,
            steps: 0,
            now,
            rng: seed(now),
            call_env: None,
            call_input: Value::Undefined,
            call_position: 0,
            cyclic: Vec::new(),
            regexes: HashMap::new(),
            stack_base: stack_here(),
            depths: nesting::Depths::default(),
        }
    }

    /// Breaks the cycles recursive functions made with the frames that bind them.
    fn break_cycles(&mut self) {
        for frame in self.cyclic.drain(..) {
            if let Some(f) = frame.upgrade() {
                f.clear();
            }
        }
    }

    fn enter(&mut self, position: usize) -> Fallible<()> {
        self.depth += 1;
        self.steps += 1;
        if self.depth > self.limits.max_depth || stack_used(self.stack_base) > STACK_BUDGET {
            self.depth -= 1;
            return Err(Box::new(Error::with_message(
                "U1001",
                position,
                None,
                "Stack overflow error: Check for non-terminating recursive function.  Consider rewriting as tail-recursive.".to_string(),
            )));
        }
        if self.steps > self.limits.max_steps {
            self.depth -= 1;
            return Err(timeout(position));
        }
        Ok(())
    }

    /// Counts the result's items and members against the step budget (a quarter step each),
    /// as written out: arrays that share their items (`[[$s], [$s]]` in a loop) take little
    /// memory but double in size at each level, and writing one out must not hang.
    fn charge_result(&mut self, v: Value) -> Fallible<Value> {
        let left = self.limits.max_steps.saturating_sub(self.steps);
        let cap = left
            .saturating_mul(ITEMS_PER_STEP)
            .saturating_add(ITEMS_PER_STEP);
        self.charge_items(tree_size(&v, cap), 0)?;
        Ok(v)
    }

    /// Counts `items` made (a range's, an array's, a built-in's result, a result written
    /// out) against the step budget: [`ITEMS_PER_STEP`] items cost a step.
    pub(crate) fn charge_items(&mut self, items: u64, position: usize) -> Fallible<()> {
        self.steps = self.steps.saturating_add(items / ITEMS_PER_STEP);
        if self.steps > self.limits.max_steps {
            return Err(timeout(position));
        }
        Ok(())
    }

    /// Evaluates a node: its value, its predicates and grouping, then a sequence of one
    /// becomes its item and an empty one undefined.
    ///
    /// The functions on the way down a recursion (this one, `eval_kind` and those that
    /// evaluate sub-expressions) keep their frames small: a debug build must nest 500 levels
    /// within a 2 MB thread. Work that needs no recursion lives in leaf functions.
    pub(crate) fn eval(&mut self, node: &Node, input: &Value, env: &Env) -> Fallible<Value> {
        self.enter(node.position)?;
        let mut result = self.eval_kind(node, input, env);
        if result.is_ok() && (!node.predicates.is_empty() || node.group.is_some()) {
            result = self.stages_of(node, result.unwrap_or_default(), env);
        }
        self.depth -= 1;
        match result {
            Ok(v) => Ok(normalize(v, node.keep_array)),
            Err(e) => Err(e),
        }
    }

    #[inline(never)]
    pub(super) fn stages_of(
        &mut self,
        node: &Node,
        mut result: Value,
        env: &Env,
    ) -> Fallible<Value> {
        for p in &node.predicates {
            result = self.filter(p, result, env)?;
        }
        if let (Some(g), false) = (&node.group, matches!(node.kind, Kind::Path(_))) {
            result = self.group(g, constructors::Grouped::Values(result), env)?;
        }
        Ok(result)
    }

    fn eval_kind(&mut self, node: &Node, input: &Value, env: &Env) -> Fallible<Value> {
        match &node.kind {
            Kind::Path(steps) => self.path(node, steps, input, env),
            Kind::Binary(op, lhs, rhs) => self.binary(node, *op, lhs, rhs, input, env),
            Kind::Call(procedure, args) => self.call(node, procedure, args, input, env, None),
            Kind::Condition(c, t, o) => self.condition(c, t, o.as_deref(), input, env),
            Kind::Block(items) => self.block(items, input, env),
            Kind::Bind(name, value) => self.bind(name, value, input, env),
            Kind::Negate(e) => self.negate(node, e, input, env),
            Kind::Sort(_) => self.sort_step(node, input, env),
            Kind::Apply(lhs, rhs) => self.apply_chain(node, lhs, rhs, input, env),
            Kind::Elvis(l, r) => self.elvis(l, r, input, env),
            Kind::Coalesce(l, r) => self.coalesce(l, r, input, env),
            Kind::Array(items) => self.array(node, items, input, env),
            Kind::Object(g) => self.object(g, input, env),
            Kind::Partial(procedure, args) => self.partial(node, procedure, args, input, env),
            Kind::TransformBody(def) => self.transform(node, def, env),
            _ => Ok(self.leaf(node, input, env)),
        }
    }

    /// The nodes whose value needs no further evaluation.
    #[inline(never)]
    fn leaf(&mut self, node: &Node, input: &Value, env: &Env) -> Value {
        match &node.kind {
            Kind::String(s) => Value::string(&**s),
            Kind::Number(n) => Value::Number(*n),
            Kind::Bool(b) => Value::Bool(*b),
            Kind::Name(name) => path::lookup(input, name),
            Kind::Variable(name) => self.variable(name, input, env),
            Kind::Regex(_) => self.regex(node),
            Kind::Wildcard => path::wildcard(input),
            Kind::Descendant => path::descendants(input),
            Kind::Parent(label) => env.lookup(label).unwrap_or_default(),
            Kind::Lambda(def) | Kind::Transform(def) => {
                Value::Function(Rc::new(Function::Lambda(Lambda {
                    def: def.clone(),
                    input: input.clone(),
                    env: env.clone(),
                })))
            }
            Kind::Null => Value::Null,
            _ => Value::Undefined,
        }
    }

    fn object(&mut self, g: &plan::Group, input: &Value, env: &Env) -> Fallible<Value> {
        self.group(g, constructors::Grouped::Values(input.clone()), env)
    }

    /// `$name`: the context (`$`), a bound variable, or a built-in function.
    fn variable(&mut self, name: &str, input: &Value, env: &Env) -> Value {
        if name.is_empty() {
            return match input {
                Value::Array(a) if a.outer_wrapper => a.items.first().cloned().unwrap_or_default(),
                _ => input.clone(),
            };
        }
        self.lookup(name, env).unwrap_or_default()
    }

    /// A variable's value: the scope, then the caller's bindings, then the library.
    pub(crate) fn lookup(&self, name: &str, env: &Env) -> Option<Value> {
        env.lookup(name)
            .or_else(|| self.bindings.variables.get(name).cloned())
            .or_else(|| builtin(name))
    }

    fn regex(&mut self, node: &Node) -> Value {
        let key = node as *const Node;
        if let Some(v) = self.regexes.get(&key) {
            return v.clone();
        }
        let Kind::Regex(r) = &node.kind else {
            return Value::Undefined;
        };
        let v = Value::Function(Rc::new(Function::Regex(crate::value::Regex {
            regex: r.regex.clone(),
            pattern: r.pattern.clone(),
            flags: r.flags.clone(),
        })));
        self.regexes.insert(key, v.clone());
        v
    }

    fn negate(&mut self, node: &Node, e: &Node, input: &Value, env: &Env) -> Fallible<Value> {
        let v = self.eval(e, input, env)?;
        operators::negate(v, node.position)
    }

    fn bind(&mut self, name: &Name, value: &Node, input: &Value, env: &Env) -> Fallible<Value> {
        let v = self.eval(value, input, env)?;
        // a function (or a container that may hold one) bound here may close over this very
        // frame: remember the frame, to break the cycle when the evaluation ends
        if matches!(v, Value::Function(_) | Value::Array(_) | Value::Object(_)) {
            self.cyclic.push(Rc::downgrade(env));
        }
        env.bind(name, v.clone());
        Ok(v)
    }

    fn condition(
        &mut self,
        c: &Node,
        then: &Node,
        otherwise: Option<&Node>,
        input: &Value,
        env: &Env,
    ) -> Fallible<Value> {
        let cond = self.eval(c, input, env)?;
        if operators::is_true(&cond, c.position)? {
            self.eval(then, input, env)
        } else if let Some(o) = otherwise {
            self.eval(o, input, env)
        } else {
            Ok(Value::Undefined)
        }
    }

    fn elvis(&mut self, l: &Node, r: &Node, input: &Value, env: &Env) -> Fallible<Value> {
        let v = self.eval(l, input, env)?;
        if operators::is_true(&v, l.position)? {
            Ok(v)
        } else {
            self.eval(r, input, env)
        }
    }

    fn coalesce(&mut self, l: &Node, r: &Node, input: &Value, env: &Env) -> Fallible<Value> {
        let v = self.eval(l, input, env)?;
        if v.is_undefined() {
            self.eval(r, input, env)
        } else {
            Ok(v)
        }
    }

    fn block(&mut self, items: &[Node], input: &Value, env: &Env) -> Fallible<Value> {
        let frame = Frame::child(env);
        let mut result = Value::Undefined;
        for item in items {
            result = self.eval(item, input, &frame)?;
        }
        Ok(result)
    }
}

/// A sequence of one becomes its item, an empty one undefined (unless kept as an array).
fn normalize(value: Value, keep_array: bool) -> Value {
    let Value::Array(mut a) = value else {
        return value;
    };
    if !a.sequence {
        return Value::Array(a);
    }
    if keep_array && !a.keep_singleton {
        Rc::make_mut(&mut a).keep_singleton = true;
    }
    match a.items.len() {
        0 => Value::Undefined,
        1 if !a.keep_singleton => a.items[0].clone(),
        _ => Value::Array(a),
    }
}

fn holds_function(v: &Value) -> bool {
    match v {
        Value::Function(_) => true,
        Value::Array(a) => a.items.iter().any(holds_function),
        Value::Object(o) => o.values().any(holds_function),
        _ => false,
    }
}

impl Host for Evaluator<'_> {
    fn apply(&mut self, function: &Value, arguments: &[Value]) -> Result<Value, Error> {
        let env = self.call_env.clone().unwrap_or_else(Frame::root);
        let position = self.call_position;
        self.apply(
            function,
            arguments.to_vec(),
            &Value::Undefined,
            &env,
            position,
            false,
        )
        .map_err(|e| *e)
    }

    fn arity(&self, function: &Value) -> usize {
        call::arity(function)
    }

    fn now_millis(&self) -> f64 {
        self.now
    }

    fn random(&mut self) -> f64 {
        // xorshift64*
        let mut x = self.rng;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.rng = x;
        let r = x.wrapping_mul(0x2545_F491_4F6C_DD1D);
        (r >> 11) as f64 / (1u64 << 53) as f64
    }

    fn eval(&mut self, expression: &str, input: &Value) -> Result<Value, Error> {
        let position = self.call_position;
        let parsed = Expression::parse(expression).map_err(|e| {
            Error::with_message(
                "D3120",
                position,
                None,
                format!(
                    "Syntax error in expression passed to function eval: {}",
                    e.message
                ),
            )
        })?;
        let input = if input.is_undefined() {
            self.call_input.clone()
        } else {
            wrap_outer(input.clone())
        };
        let env = self.call_env.clone().unwrap_or_else(Frame::root);
        self.eval(&parsed.plan, &input, &env).map_err(|e| {
            if e.code == "U1001" {
                return *e;
            }
            Error::with_message(
                "D3121",
                position,
                None,
                format!(
                    "Dynamic error evaluating the expression passed to function eval: {}",
                    e.message
                ),
            )
        })
    }

    fn position(&self) -> usize {
        self.call_position
    }
}

/// How many items made count as one evaluation step ([`Evaluator::charge_items`]).
const ITEMS_PER_STEP: u64 = 4;

/// How many values `v` holds, itself included, written out (a shared item counted each time
/// it appears); counting stops past `cap`.
fn tree_size(v: &Value, cap: u64) -> u64 {
    let mut count = 0u64;
    let mut stack = vec![v];
    while let Some(v) = stack.pop() {
        count += 1;
        if count > cap {
            break;
        }
        match v {
            Value::Array(a) => stack.extend(a.items.iter()),
            Value::Object(o) => stack.extend(o.values()),
            _ => {}
        }
    }
    count
}

#[cfg(test)]
mod tests;
