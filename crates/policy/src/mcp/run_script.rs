//! The AWS calls of a `run_script` program: the AWS MCP Server runs the Python it is given
//! in a sandbox whose only way out is `call_boto3` (tool description: "No network except
//! call_boto3"; `async def call_boto3(*, service_name, operation_name, region_name=None,
//! params=None)`, `operation_name` the PascalCase API name). Each call whose service and
//! operation are string literals is one AWS operation, judged as the `use_aws` call with
//! the same service, operation, region and parameters.
//!
//! Anything that could reach an AWS API by another path, or call `call_boto3` without
//! hookkit seeing its service and operation, makes the program [`Unanalysable`]: a name
//! that resolves code at run time (`exec`, `eval`, `getattr`, `globals`, `__import__`,
//! `sys.modules`, dunder attributes…), an AWS SDK of its own (`boto3`, `botocore`), `call_boto3` used
//! other than called (an alias, an argument), called with positional or `**` arguments, or
//! with a service or operation that is computed; an f-string field naming `call_boto3`;
//! code the tokenizer refuses (`mcp/python.rs`: a character outside ASCII in the code, a
//! string left open).

use super::python::{Tok, tokens};
use serde_json::{Map, Value};

/// One `call_boto3` call.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Boto3Call {
    /// `service_name`: the SDK's service name (`s3`, `ec2`, `rds`).
    pub service: String,
    /// `operation_name`: the API operation (`DeleteBucket`).
    pub operation: String,
    /// `region_name`, when a string literal.
    pub region: Option<String>,
    /// The entries of `params` whose key and value are literals (a value computed at run
    /// time leaves its key out); `None` without a literal dict.
    pub params: Option<Map<String, Value>>,
}

/// Why a program is not analysed: the reason, for the agent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Unanalysable(pub &'static str);

/// The function the sandbox offers.
const CALL: &str = "call_boto3";

/// Names that resolve code or attributes at run time, or reach AWS another way.
const DYNAMIC: [&str; 27] = [
    "exec",
    "eval",
    "__import__",
    "importlib",
    "getattr",
    "setattr",
    "delattr",
    "globals",
    "locals",
    "vars",
    "builtins",
    "__builtins__",
    "modules",
    "_getframe",
    "f_globals",
    "f_locals",
    "f_builtins",
    "attrgetter",
    "methodcaller",
    "gc",
    "inspect",
    "ctypes",
    "pickle",
    "marshal",
    "boto3",
    "botocore",
    "aiobotocore",
];

/// The dunder names a plain program uses.
const PLAIN_DUNDERS: [&str; 3] = ["__name__", "__main__", "__init__"];

/// The `call_boto3` calls of `code`, in order.
///
/// # Errors
/// [`Unanalysable`] as the module documentation lists.
pub fn boto3_calls(code: &str) -> Result<Vec<Boto3Call>, Unanalysable> {
    let toks = tokens(code).map_err(|e| Unanalysable(e.0))?;
    let mut calls = Vec::new();
    for (i, tok) in toks.iter().enumerate() {
        match tok {
            Tok::Name(name) if DYNAMIC.contains(name) => {
                return Err(Unanalysable(
                    "the program resolves names at run time or loads an AWS SDK of its own",
                ));
            }
            Tok::Name(name)
                if name.len() > 4
                    && name.starts_with("__")
                    && name.ends_with("__")
                    && !PLAIN_DUNDERS.contains(name) =>
            {
                return Err(Unanalysable(
                    "the program uses a dunder attribute, which reaches code at run time",
                ));
            }
            Tok::Name(name) if *name == CALL => {
                if toks.get(i + 1) != Some(&Tok::Op("(")) {
                    return Err(Unanalysable("call_boto3 is used other than called by name"));
                }
                calls.push(call(&toks, i + 2)?);
            }
            Tok::Formatted(body)
                if body.contains(CALL) || DYNAMIC.iter().any(|d| body.contains(d)) =>
            {
                return Err(Unanalysable("an f-string field may call call_boto3"));
            }
            _ => {}
        }
    }
    Ok(calls)
}

/// The call whose arguments start at `toks[start]` (after its `(`).
fn call(toks: &[Tok<'_>], start: usize) -> Result<Boto3Call, Unanalysable> {
    let mut service = None;
    let mut operation = None;
    let mut region = None;
    let mut params = None;
    for arg in arguments(toks, start)? {
        let (Some(Tok::Name(key)), Some(Tok::Op("="))) = (arg.first(), arg.get(1)) else {
            return Err(Unanalysable(
                "call_boto3 takes keyword arguments; this call passes others",
            ));
        };
        let value = arg.get(2..).unwrap_or_default();
        let text = match value {
            [Tok::Str(Some(s))] => Some((*s).to_owned()),
            _ => None,
        };
        match *key {
            "service_name" => service = text,
            "operation_name" => operation = text,
            "region_name" => region = text,
            "params" => {
                params = match literal(value) {
                    Some((Some(Value::Object(map)), [])) => Some(map),
                    _ => None,
                };
            }
            _ => {}
        }
    }
    match (service, operation) {
        (Some(service), Some(operation)) => Ok(Boto3Call {
            service,
            operation,
            region,
            params,
        }),
        _ => Err(Unanalysable(
            "a call_boto3 call whose service_name or operation_name is not a string literal",
        )),
    }
}

/// The top-level arguments of the call whose arguments start at `toks[start]`, each as its
/// tokens, up to the matching `)`.
fn arguments<'t, 'a>(
    toks: &'t [Tok<'a>],
    start: usize,
) -> Result<Vec<&'t [Tok<'a>]>, Unanalysable> {
    let mut args = Vec::new();
    let mut depth = 0usize;
    let mut from = start;
    for (i, tok) in toks.iter().enumerate().skip(start) {
        match tok {
            Tok::Op("(" | "[" | "{") => depth += 1,
            Tok::Op(")") if depth == 0 => {
                if let Some(arg) = toks.get(from..i).filter(|a| !a.is_empty()) {
                    args.push(arg);
                }
                return Ok(args);
            }
            Tok::Op(")" | "]" | "}") => depth = depth.saturating_sub(1),
            Tok::Op(",") if depth == 0 => {
                args.push(toks.get(from..i).unwrap_or_default());
                from = i + 1;
            }
            _ => {}
        }
    }
    Err(Unanalysable("a call_boto3 call that does not end"))
}

/// The Python literal at the start of `toks` as JSON, and the tokens after it: strings,
/// numbers, `True`/`False`/`None`, lists, tuples and dicts. The value is `None` when it is
/// computed; a dict keeps only its entries with a literal key and value.
fn literal<'t, 'a>(toks: &'t [Tok<'a>]) -> Option<(Option<Value>, &'t [Tok<'a>])> {
    let (first, rest) = toks.split_first()?;
    let scalar = |v: Value| Some((Some(v), rest));
    match first {
        Tok::Str(Some(s)) => scalar(Value::String((*s).to_owned())),
        Tok::Number(n) => scalar(
            n.parse::<i64>()
                .map(Value::from)
                .or_else(|_| n.parse::<f64>().map(Value::from))
                .unwrap_or_else(|_| Value::String((*n).to_owned())),
        ),
        Tok::Name("True") => scalar(Value::Bool(true)),
        Tok::Name("False") => scalar(Value::Bool(false)),
        Tok::Name("None") => scalar(Value::Null),
        Tok::Op(open @ ("[" | "(" | "{")) => {
            let close = match *open {
                "[" => "]",
                "(" => ")",
                _ => "}",
            };
            let mut items = Vec::new();
            let mut entries = Map::new();
            let mut known = true;
            let mut rest = rest;
            loop {
                if let Some((Tok::Op(c), after)) = rest.split_first()
                    && *c == close
                {
                    rest = after;
                    break;
                }
                let (value, after) = element(rest)?;
                rest = after;
                if *open == "{" {
                    let Some((Tok::Op(":"), after)) = rest.split_first() else {
                        return None;
                    };
                    let (entry, after) = element(after)?;
                    rest = after;
                    if let (Some(Value::String(key)), Some(entry)) = (value, entry) {
                        entries.insert(key, entry);
                    }
                } else {
                    known &= value.is_some();
                    items.extend(value);
                }
                match rest.split_first() {
                    Some((Tok::Op(","), after)) => rest = after,
                    Some((Tok::Op(c), _)) if *c == close => {}
                    _ => return None,
                }
            }
            let value = match *open {
                "{" => Some(Value::Object(entries)),
                _ => known.then_some(Value::Array(items)),
            };
            Some((value, rest))
        }
        _ => None,
    }
}

/// One element of a collection: a literal, or any expression (value `None`) up to the
/// next `,`, `:` or closing bracket at its depth.
fn element<'t, 'a>(toks: &'t [Tok<'a>]) -> Option<(Option<Value>, &'t [Tok<'a>])> {
    if let Some((value, rest)) = literal(toks)
        && matches!(
            rest.first(),
            Some(Tok::Op("," | ":" | "]" | ")" | "}")) | None
        )
    {
        return Some((value, rest));
    }
    let mut depth = 0usize;
    for (i, tok) in toks.iter().enumerate() {
        match tok {
            Tok::Op("(" | "[" | "{") => depth += 1,
            Tok::Op(")" | "]" | "}") if depth == 0 => return Some((None, &toks[i..])),
            Tok::Op(")" | "]" | "}") => depth -= 1,
            Tok::Op("," | ":") if depth == 0 => return Some((None, &toks[i..])),
            _ => {}
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn one(code: &str) -> Boto3Call {
        let mut calls = boto3_calls(code).unwrap();
        assert_eq!(calls.len(), 1, "{code}");
        calls.remove(0)
    }

    #[test]
    fn literal_calls_are_read_with_their_params() {
        let c = one("import asyncio\n\
             async def main():\n    \
                 r = await call_boto3(service_name='rds', operation_name=\"DeleteDBInstance\",\n        \
                 region_name='eu-west-1', params={'DBInstanceIdentifier': 'prod-db', 'SkipFinalSnapshot': True,\n        \
                 'Tags': [{'Key': 'a', 'Value': name}], 'Other': f(x), 'N': 3,})\n");
        assert_eq!(c.service, "rds");
        assert_eq!(c.operation, "DeleteDBInstance");
        assert_eq!(c.region.as_deref(), Some("eu-west-1"));
        assert_eq!(
            Value::Object(c.params.unwrap()),
            json!({"DBInstanceIdentifier": "prod-db", "SkipFinalSnapshot": true, "Tags": [{"Key": "a"}], "N": 3})
        );
    }

    #[test]
    fn every_call_in_a_loop_or_comprehension_counts() {
        let code = "for b in (await call_boto3(service_name='s3', operation_name='ListBuckets'))['Buckets']:\n    \
                    await call_boto3(service_name='s3', operation_name='DeleteBucket', params={'Bucket': b['Name']})";
        let calls = boto3_calls(code).unwrap();
        let ops: Vec<&str> = calls.iter().map(|c| c.operation.as_str()).collect();
        assert_eq!(ops, ["ListBuckets", "DeleteBucket"]);
        assert_eq!(calls[1].params, Some(Map::new()));
        assert_eq!(boto3_calls("print(sum(range(10)))").unwrap(), []);
    }

    #[test]
    fn what_could_hide_a_call_is_unanalysable() {
        for code in [
            "op = 'DeleteBucket'\ncall_boto3(service_name='s3', operation_name=op)",
            "call_boto3(service_name='s' + '3', operation_name='DeleteBucket')",
            "call_boto3('s3', 'DeleteBucket')",
            "call_boto3(**{'service_name': 's3', 'operation_name': 'DeleteBucket'})",
            "f = call_boto3\nf(service_name='s3', operation_name='DeleteBucket')",
            "asyncio.gather(*map(call_boto3, xs))",
            "globals()['call_' + 'boto3'](service_name='s3', operation_name='DeleteBucket')",
            "getattr(m, 'call_boto3')",
            "(lambda: 0).__globals__['x']",
            "import boto3\nboto3.client('s3').delete_bucket(Bucket='x')",
            "exec(code)",
            "import sys\nsys.modules['__main__'].call_boto3",
            "operator.methodcaller('delete_bucket')",
            "print(f\"{call_boto3(service_name='s3', operation_name='DeleteBucket')}\")",
            "\u{ff43}all_boto3(service_name='s3', operation_name='DeleteBucket')",
            "call_boto3(service_name='s\\x33', operation_name='DeleteBucket')",
            "call_boto3(service_name='s3', operation_name='DeleteBucket'",
            "x = '''unterminated",
        ] {
            assert!(boto3_calls(code).is_err(), "{code}");
        }
    }
}
