//! Calls: applying functions (lambdas, natives, partial applications, regexes), signatures,
//! partial application `f(?, x)`, the `~>` operator and function composition, and tail calls
//! (a lambda whose body ends in a call returns it as a thunk that the caller's loop runs, so
//! tail recursion does not nest).

use std::rc::Rc;
use std::sync::{Arc, OnceLock};

use super::plan::{self, Kind, LambdaDef, Name, Node};
use super::scope::{Env, Frame};
use super::{error, Evaluator, Fallible, Lambda};
use crate::value::{Function, Native, Value};

/// How many parameters a function value declares.
pub(crate) fn arity(function: &Value) -> usize {
    let Value::Function(f) = function else {
        return 0;
    };
    match &**f {
        Function::Lambda(l) => l.def.parameters.len(),
        // jsonata-js counts a native's JavaScript parameters: `$string`'s `prettify` has a
        // default value, so it is not counted
        Function::Native(n) if n.name == "string" => 1,
        Function::Native(n) => n.signature.as_ref().map_or(1, |s| s.parameter_count()),
        Function::Partial { arguments, .. } => arguments.iter().filter(|a| a.is_none()).count(),
        Function::Regex(_) => 2,
    }
}

/// The tail call a function returned, if it is one.
fn thunk_of(result: &Value) -> Option<Rc<Function>> {
    match result {
        Value::Function(f) if matches!(&**f, Function::Lambda(l) if l.def.thunk) => Some(f.clone()),
        _ => None,
    }
}

/// The name jsonata-js reports for a called procedure (a path's first field, a variable).
fn procedure_name(procedure: &Node) -> Option<String> {
    match &procedure.kind {
        Kind::Path(steps) => match steps.first().map(|s| &s.kind) {
            Some(Kind::Name(n)) => Some(n.to_string()),
            _ => None,
        },
        Kind::Variable(n) => Some(n.to_string()),
        _ => None,
    }
}

/// `λ($f, $g){ λ($x){ $g($f($x)) } }`'s inner function: what `f ~> g` gives for functions.
fn composition() -> Option<&'static Arc<LambdaDef>> {
    static CHAIN: OnceLock<Option<Arc<LambdaDef>>> = OnceLock::new();
    CHAIN
        .get_or_init(|| plan::lambda(&["x"], "$g($f($x))").ok())
        .as_ref()
}

impl Evaluator<'_> {
    /// `procedure(arguments)`; with `applied`, the value of `~>`'s left side comes first.
    pub(super) fn call(
        &mut self,
        node: &Node,
        procedure: &Node,
        args: &[Node],
        input: &Value,
        env: &Env,
        applied: Option<Value>,
    ) -> Fallible<Value> {
        let proc = self.eval(procedure, input, env)?;
        let name = procedure_name(procedure);
        if proc.is_undefined() {
            if let (Kind::Path(_), Some(n)) = (&procedure.kind, &name) {
                if self.lookup(n, env).is_some() {
                    return Err(error("T1005", node.position, Some(n)));
                }
            }
        }
        let mut values = Vec::with_capacity(args.len() + 1);
        values.extend(applied);
        for a in args {
            values.push(self.eval(a, input, env)?);
        }
        self.apply(&proc, values, input, env, node.position, true)
            .map_err(|mut e| {
                if e.token.is_none() {
                    e.token = name;
                }
                e
            })
    }

    /// Applies a function, running the tail calls it returns in a loop.
    ///
    /// jsonata-js reports an error raised inside a function called from the expression (`at_call`)
    /// or as a tail call at that call's position (so the outermost call in progress wins);
    /// an error in a tail call's arguments keeps its own.
    pub(super) fn apply(
        &mut self,
        proc: &Value,
        args: Vec<Value>,
        input: &Value,
        env: &Env,
        position: usize,
        at_call: bool,
    ) -> Fallible<Value> {
        let mut result = self
            .apply_inner(proc, args, input, env, position)
            .map_err(|mut e| {
                if at_call {
                    e.position = position;
                }
                e
            })?;
        while let Some(thunk) = thunk_of(&result) {
            let Function::Lambda(l) = &*thunk else { break };
            let Kind::Call(procedure, arg_nodes) = &l.def.body.kind else {
                break;
            };
            let next = self.eval(procedure, &l.input, &l.env)?;
            let mut args = Vec::with_capacity(arg_nodes.len());
            for a in arg_nodes {
                args.push(self.eval(a, &l.input, &l.env)?);
            }
            result = self
                .apply_inner(&next, args, input, env, l.def.body.position)
                .map_err(|mut e| {
                    e.position = l.def.body.position;
                    if e.token.is_none() {
                        e.token = procedure_name(procedure);
                    }
                    e
                })?;
        }
        Ok(result)
    }

    fn apply_inner(
        &mut self,
        proc: &Value,
        args: Vec<Value>,
        input: &Value,
        env: &Env,
        position: usize,
    ) -> Fallible<Value> {
        let Value::Function(f) = proc else {
            return Err(error("T1006", position, None));
        };
        match &**f {
            Function::Lambda(l) => {
                let args = match &l.def.signature {
                    Some(sig) => sig.validate(&args, input, "", position)?,
                    None => args,
                };
                self.apply_lambda(l, args)
            }
            Function::Native(n) => self.call_native(n, args, input, env, position),
            Function::Partial {
                function,
                arguments,
            } => {
                let mut supplied = args.into_iter();
                let full: Vec<Value> = arguments
                    .iter()
                    .map(|a| match a {
                        Some(v) => v.clone(),
                        None => supplied.next().unwrap_or_default(),
                    })
                    .collect();
                self.apply_inner(function, full, input, env, position)
            }
            Function::Regex(r) => Ok(match args.first() {
                Some(Value::String(s)) => crate::regex::call(r, s),
                _ => Value::Undefined,
            }),
        }
    }

    /// A native function: its arguments validated, the call's scope kept for the host.
    fn call_native(
        &mut self,
        n: &Native,
        args: Vec<Value>,
        input: &Value,
        env: &Env,
        position: usize,
    ) -> Fallible<Value> {
        let args = match &n.signature {
            Some(sig) => sig.validate(&args, input, &n.name, position)?,
            None => args,
        };
        let saved = (
            self.call_env.replace(env.clone()),
            std::mem::replace(&mut self.call_input, input.clone()),
            std::mem::replace(&mut self.call_position, position),
        );
        let body = n.body.clone();
        let result = body(self, &args);
        self.call_env = saved.0;
        self.call_input = saved.1;
        self.call_position = saved.2;
        let result = result?;
        // what a built-in builds counts as a constructor's items do (`$append($s, $s)` in a
        // loop doubles)
        let built = match &result {
            Value::Array(a) => a.items.len(),
            Value::Object(o) => o.len(),
            _ => 0,
        };
        self.charge_items(built as u64, position)?;
        Ok(result)
    }

    /// A lambda's body in a new frame holding its parameters.
    fn apply_lambda(&mut self, l: &Lambda, args: Vec<Value>) -> Fallible<Value> {
        let mut args = args.into_iter();
        let vars: Vec<(Name, Value)> = l
            .def
            .parameters
            .iter()
            .map(|p| (p.clone(), args.next().unwrap_or_default()))
            .collect();
        let frame = Frame::with(&l.env, vars);
        self.eval(&l.def.body, &l.input, &frame)
    }

    /// `f(?, x)`: a function of the `?` arguments.
    pub(super) fn partial(
        &mut self,
        node: &Node,
        procedure: &Node,
        args: &[Node],
        input: &Value,
        env: &Env,
    ) -> Fallible<Value> {
        let mut values = Vec::with_capacity(args.len());
        for a in args {
            values.push(match a.kind {
                Kind::Placeholder => None,
                _ => Some(self.eval(a, input, env)?),
            });
        }
        let proc = self.eval(procedure, input, env)?;
        let name = procedure_name(procedure);
        if proc.is_undefined() {
            if let (Kind::Path(_), Some(n)) = (&procedure.kind, &name) {
                if self.lookup(n, env).is_some() {
                    return Err(error("T1007", node.position, Some(n)));
                }
            }
        }
        match &proc {
            Value::Function(f) if !matches!(&**f, Function::Regex(_)) => {
                // a lambda's missing parameters are undefined, extra arguments dropped
                if let Function::Lambda(l) = &**f {
                    values.resize(l.def.parameters.len(), Some(Value::Undefined));
                }
                Ok(Value::Function(Rc::new(Function::Partial {
                    function: proc.clone(),
                    arguments: values,
                })))
            }
            _ => Err(error("T1008", node.position, name.as_deref())),
        }
    }

    /// `lhs ~> rhs`: calls rhs with lhs first, or composes two functions.
    pub(super) fn apply_chain(
        &mut self,
        node: &Node,
        lhs: &Node,
        rhs: &Node,
        input: &Value,
        env: &Env,
    ) -> Fallible<Value> {
        let l = self.eval(lhs, input, env)?;
        if let Kind::Call(procedure, args) = &rhs.kind {
            return self.call(rhs, procedure, args, input, env, Some(l));
        }
        let f = self.eval(rhs, input, env)?;
        if !f.is_function() {
            return Err(error("T2006", node.position, None));
        }
        if l.is_function() {
            let Some(def) = composition() else {
                return Err(error("T1006", node.position, None));
            };
            let frame = Frame::with(env, vec![(Name::from("f"), l), (Name::from("g"), f)]);
            return Ok(Value::Function(Rc::new(Function::Lambda(Lambda {
                def: def.clone(),
                input: Value::Undefined,
                env: frame,
            }))));
        }
        self.apply(&f, vec![l], &Value::Undefined, env, node.position, false)
    }
}
