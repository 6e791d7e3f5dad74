//! An `aws …` simple command → the IAM actions it calls.
//!
//! The words after `aws` are read as the CLI reads them: global options (and the value of
//! each one the tool table lists in `value_options`: `--profile`, `--region`…) may come
//! anywhere; the first two other words are the service command and the operation. Then:
//!
//! - `aws s3 …` (the CLI's own transfer commands, reference "s3"): `ls` → `s3:ListBucket`
//!   (`s3:ListAllMyBuckets` without a path), `cp`/`mv`/`sync` → `s3:GetObject` from an
//!   `s3://` source, `s3:PutObject` to an `s3://` destination, `mv` also
//!   `s3:DeleteObject` of an `s3://` source, `sync --delete` also `s3:DeleteObject` in an
//!   `s3://` destination, `rm` → `s3:DeleteObject`, `rb` → `s3:DeleteBucket` (with
//!   `--force` also `s3:DeleteObject`), `mb` → `s3:CreateBucket`, `presign` →
//!   `s3:GetObject` (what the URL grants), `website` → `s3:PutBucketWebsite`;
//!   `--recursive` and `sync` list too (`s3:ListBucket`). `--dryrun` changes nothing.
//!   A `sync --delete` into a local directory deletes local files, which no AWS action
//!   says: unknown, so the verb rules decide.
//! - any other service: `rules/aws/operations.tsv`. `--generate-cli-skeleton` (any
//!   value) prints a skeleton and sends nothing; `--dry-run` on an operation with a
//!   `DryRun` parameter only checks the permission: both change nothing.
//!   `--cli-input-json`/`--cli-input-yaml` supply parameters, never the operation.
//! - anything else (`aws configure`, `aws help`, an operation the tables do not know, or
//!   one without a known action): [`ActionKind::Unknown`], and the verb rules decide as
//!   before the tables existed.

use super::kind::listed;
use super::{Action, ActionKind, action_named, operation};
use crate::rules::Tool;
use hookkit_shell::SimpleCommand;

/// What an `aws` command calls.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Resolution {
    /// The actions, in the order found, each once.
    pub actions: Vec<Action>,
    /// Their kinds, each once; `[Unknown]` when the tables do not know the command.
    pub kinds: Vec<ActionKind>,
    /// Why the kinds are not the actions' own (`--dry-run`…), for people.
    pub note: Option<&'static str>,
}

impl Resolution {
    fn unknown() -> Self {
        Resolution {
            actions: Vec::new(),
            kinds: vec![ActionKind::Unknown],
            note: None,
        }
    }

    /// The actions, as `rds:DeleteDBInstance (Write)`.
    pub fn described(&self) -> Vec<String> {
        self.actions.iter().map(Action::describe).collect()
    }

    /// The actions of the given kinds, described.
    pub fn of_kinds(&self, kinds: &[ActionKind]) -> Vec<String> {
        self.actions
            .iter()
            .filter(|a| self.note.is_some() || kinds.contains(&a.kind()))
            .map(Action::describe)
            .collect()
    }

    /// From `prefix:Name` actions: their kinds, or unknown if any is not in the table.
    fn of(names: &[String], note: Option<&'static str>) -> Self {
        let mut out = Resolution::default();
        for name in names {
            let Some(action) = action_named(name) else {
                return Resolution::unknown();
            };
            if !out.actions.contains(&action) {
                out.actions.push(action);
            }
        }
        if out.actions.is_empty() {
            return Resolution::unknown();
        }
        out.kinds = match note {
            Some(_) => vec![ActionKind::NoChange],
            None => {
                let mut kinds: Vec<ActionKind> = out.actions.iter().map(Action::kind).collect();
                kinds.sort();
                kinds.dedup();
                kinds
            }
        };
        out.note = note;
        out
    }
}

/// The words of an `aws` command after the name: positionals, and options as written.
struct Words<'a> {
    positionals: Vec<&'a str>,
    options: Vec<&'a str>,
}

/// The options of the `aws s3` commands that take a value (every other one is a flag):
/// the `ARG_TABLE`s of awscli 1.46.3 `awscli/customizations/s3/subcommands.py`.
const S3_VALUE_OPTIONS: &str = "--acl --bucket-name-prefix --bucket-region --cache-control --case-conflict \
    --checksum-algorithm --checksum-mode --content-disposition --content-encoding \
    --content-language --content-type --error-document --exclude --expected-size --expires \
    --expires-in --grants --include --index-document --metadata --metadata-directive \
    --page-size --request-payer --source-region --sse --sse-c --sse-c-copy-source \
    --sse-c-copy-source-key --sse-c-key --sse-kms-key-id --storage-class --tags \
    --website-redirect";

fn words<'a>(cmd: &'a SimpleCommand, tool: &Tool) -> Words<'a> {
    let mut out = Words {
        positionals: Vec::new(),
        options: Vec::new(),
    };
    let mut iter = cmd.argv.iter().skip(1).map(|w| w.text.as_str());
    while let Some(word) = iter.next() {
        if word == "--" {
            out.positionals.extend(iter.by_ref());
        } else if word.starts_with('-') && word != "-" {
            out.options.push(word);
            let s3 = out.positionals.first() == Some(&"s3");
            if tool.value_options.iter().any(|o| o == word)
                || (s3 && listed(S3_VALUE_OPTIONS, word))
            {
                iter.next();
            }
        } else {
            out.positionals.push(word);
        }
    }
    out
}

/// True when `options` holds `--name` or `--name=…`.
fn has(options: &[&str], name: &str) -> bool {
    options
        .iter()
        .any(|o| *o == name || o.strip_prefix(name).is_some_and(|r| r.starts_with('=')))
}

/// The actions `cmd` (an `aws` command, read with the `[[tool]]` table `tool`) calls.
pub fn resolve(cmd: &SimpleCommand, tool: &Tool) -> Resolution {
    let w = words(cmd, tool);
    let (Some(service), Some(op)) = (w.positionals.first(), w.positionals.get(1)) else {
        return Resolution::unknown();
    };
    let operands = w.positionals.get(2..).unwrap_or_default();
    if *service == "s3" {
        return s3(op, operands, &w.options);
    }
    let Some(found) = operation(service, op) else {
        return Resolution::unknown();
    };
    let note = if has(&w.options, "--generate-cli-skeleton") {
        Some("--generate-cli-skeleton prints a skeleton and sends no request")
    } else if found.dry_run && w.options.contains(&"--dry-run") {
        Some("--dry-run: AWS checks the permission and changes nothing")
    } else {
        None
    };
    Resolution::of(&found.actions, note)
}

/// The high-level `aws s3` commands (see the module docs).
fn s3(op: &str, operands: &[&str], options: &[&str]) -> Resolution {
    let remote = |p: &str| p.starts_with("s3://");
    let src = operands.first().is_some_and(|p| remote(p));
    let dst = operands.get(1).is_some_and(|p| remote(p));
    let recursive = has(options, "--recursive");
    let mut actions: Vec<&str> = Vec::new();
    match op {
        "ls" if operands.iter().any(|p| remote(p)) => actions.push("s3:ListBucket"),
        "ls" => actions.push("s3:ListAllMyBuckets"),
        "cp" | "mv" | "sync" if operands.len() == 2 => {
            if src {
                if recursive || op == "sync" {
                    actions.push("s3:ListBucket");
                }
                actions.push("s3:GetObject");
            }
            if dst {
                if op == "sync" {
                    actions.push("s3:ListBucket");
                }
                actions.push("s3:PutObject");
            }
            if op == "mv" && src {
                actions.push("s3:DeleteObject");
            }
            if op == "sync" && has(options, "--delete") {
                if !dst {
                    // Local files deleted: no AWS action says so.
                    return Resolution::unknown();
                }
                actions.push("s3:DeleteObject");
            }
        }
        "rm" if operands.len() == 1 => {
            if recursive {
                actions.push("s3:ListBucket");
            }
            actions.push("s3:DeleteObject");
        }
        "rb" if operands.len() == 1 => {
            if has(options, "--force") {
                actions.extend(["s3:ListBucket", "s3:DeleteObject"]);
            }
            actions.push("s3:DeleteBucket");
        }
        "mb" if operands.len() == 1 => actions.push("s3:CreateBucket"),
        "presign" if operands.len() == 1 => actions.push("s3:GetObject"),
        "website" if operands.len() == 1 => actions.push("s3:PutBucketWebsite"),
        _ => return Resolution::unknown(),
    }
    let note = (has(options, "--dryrun") && matches!(op, "cp" | "mv" | "sync" | "rm"))
        .then_some("--dryrun shows what would be done and does nothing");
    let names: Vec<String> = actions.into_iter().map(str::to_owned).collect();
    Resolution::of(&names, note)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, reason = "tests")]
    use super::*;

    fn aws_tool() -> Tool {
        Tool {
            name: "aws".into(),
            value_options: [
                "--profile",
                "--region",
                "--output",
                "--endpoint-url",
                "--query",
            ]
            .map(String::from)
            .to_vec(),
            single_dash_words: false,
            env_options: Vec::new(),
            env_vars: Vec::new(),
            env_file: None,
            action_table: None,
            dry_run: Vec::new(),
            env_operands: false,
            program_first: None,
        }
    }

    fn resolved(line: &str) -> Resolution {
        let a = hookkit_shell::analyze(line);
        resolve(&a.commands[0], &aws_tool())
    }

    fn kinds(line: &str) -> Vec<ActionKind> {
        resolved(line).kinds
    }

    fn actions(line: &str) -> Vec<String> {
        resolved(line)
            .actions
            .iter()
            .map(|a| format!("{}:{}", a.prefix, a.name))
            .collect()
    }

    #[test]
    fn global_options_before_the_service() {
        use ActionKind::*;
        assert_eq!(
            actions(
                "aws --profile prod --region eu-west-1 --output json rds delete-db-instance --db-instance-identifier d"
            ),
            ["rds:DeleteDBInstance"]
        );
        assert_eq!(
            kinds("aws --debug --no-verify-ssl ec2 describe-instances"),
            [List]
        );
        assert_eq!(
            kinds("aws --region=us-east-1 ec2 terminate-instances --instance-ids i-1"),
            [Delete]
        );
        assert_eq!(
            kinds("aws ec2 --region us-east-1 terminate-instances"),
            [Delete]
        );
        assert_eq!(
            kinds("aws --endpoint-url http://localhost:4566 s3api list-buckets"),
            [List]
        );
    }

    #[test]
    fn cli_input_json_supplies_parameters_only() {
        assert_eq!(
            actions("aws rds delete-db-instance --cli-input-json file://in.json"),
            ["rds:DeleteDBInstance"]
        );
        assert_eq!(
            actions(r#"aws ec2 run-instances --cli-input-json '{"ImageId": "ami-1"}'"#),
            ["ec2:RunInstances"]
        );
    }

    #[test]
    fn requests_that_change_nothing() {
        use ActionKind::*;
        assert_eq!(
            kinds("aws ec2 terminate-instances --instance-ids i-1 --dry-run"),
            [NoChange]
        );
        assert_eq!(
            kinds("aws ec2 terminate-instances --instance-ids i-1 --no-dry-run"),
            [Delete]
        );
        // rds has no DryRun parameter: the flag does not help.
        assert_eq!(kinds("aws rds delete-db-instance --dry-run"), [Delete]);
        assert_eq!(
            kinds("aws rds delete-db-instance --generate-cli-skeleton"),
            [NoChange]
        );
        assert_eq!(
            kinds("aws rds delete-db-instance --generate-cli-skeleton=output"),
            [NoChange]
        );
        assert_eq!(kinds("aws s3 rm s3://b/k --dryrun"), [NoChange]);
    }

    #[test]
    fn high_level_s3_commands() {
        use ActionKind::*;
        assert_eq!(actions("aws s3 ls"), ["s3:ListAllMyBuckets"]);
        assert_eq!(
            actions("aws s3 ls s3://b/p/ --recursive"),
            ["s3:ListBucket"]
        );
        assert_eq!(actions("aws s3 cp f.txt s3://b/k"), ["s3:PutObject"]);
        assert_eq!(actions("aws s3 cp s3://b/k f.txt"), ["s3:GetObject"]);
        assert_eq!(
            actions("aws s3 cp s3://a/k s3://b/k"),
            ["s3:GetObject", "s3:PutObject"]
        );
        assert_eq!(kinds("aws s3 cp s3://a/k s3://b/k"), [Read, Create]);
        assert_eq!(
            actions("aws s3 mv s3://a/k ./k"),
            ["s3:GetObject", "s3:DeleteObject"]
        );
        assert_eq!(kinds("aws s3 mv ./k s3://a/k"), [Create]);
        assert_eq!(actions("aws s3 rm s3://b/k"), ["s3:DeleteObject"]);
        assert_eq!(
            actions("aws s3 rm s3://b --recursive"),
            ["s3:ListBucket", "s3:DeleteObject"]
        );
        assert_eq!(actions("aws s3 rb s3://b"), ["s3:DeleteBucket"]);
        assert_eq!(kinds("aws s3 rb s3://b --force"), [List, Delete]);
        assert_eq!(actions("aws s3 mb s3://b"), ["s3:CreateBucket"]);
        assert_eq!(kinds("aws s3 sync . s3://b"), [List, Create]);
        assert_eq!(
            kinds("aws s3 sync . s3://b --delete"),
            [List, Create, Delete]
        );
        assert_eq!(kinds("aws s3 sync s3://b ./dir --delete"), [Unknown]);
        assert_eq!(kinds("aws s3 presign s3://b/k --expires-in 60"), [Read]);
        assert_eq!(
            kinds("aws s3 website s3://b --index-document index.html"),
            [Create]
        );
        assert_eq!(kinds("aws s3 cp onlyone"), [Unknown]);
        assert_eq!(
            actions("aws s3 cp --acl public-read --exclude '*.tmp' ./dir s3://b/ --recursive"),
            ["s3:PutObject"]
        );
        assert_eq!(
            actions("aws s3 cp --sse aws:kms s3://a/k ./k"),
            ["s3:GetObject"]
        );
        assert_eq!(kinds("aws s3 frobnicate s3://b"), [Unknown]);
    }

    #[test]
    fn unknown_commands() {
        use ActionKind::*;
        assert_eq!(kinds("aws"), [Unknown]);
        assert_eq!(kinds("aws configure"), [Unknown]);
        assert_eq!(kinds("aws ec2 wait instance-running"), [Unknown]);
        assert_eq!(kinds("aws ec2 no-such-operation"), [Unknown]);
        assert_eq!(kinds("aws no-such-service list-things"), [Unknown]);
    }

    #[test]
    fn access_levels_become_kinds() {
        use ActionKind::*;
        assert_eq!(
            kinds("aws iam attach-role-policy --role-name r --policy-arn a"),
            [Permissions]
        );
        assert_eq!(
            kinds("aws s3api put-bucket-policy --bucket b --policy file://p.json"),
            [Permissions]
        );
        assert_eq!(
            kinds("aws ec2 create-tags --resources i-1 --tags Key=a,Value=b"),
            [Tagging]
        );
        assert_eq!(
            kinds("aws elbv2 delete-load-balancer --load-balancer-arn a"),
            [Delete]
        );
        assert_eq!(kinds("aws logs describe-log-groups"), [List]);
        assert_eq!(kinds("aws sso-admin list-instances"), [List]);
        assert_eq!(kinds("aws s3api get-object --bucket b --key k out"), [Read]);
    }
}
