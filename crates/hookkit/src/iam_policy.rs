//! `hookkit iam-policy`: a command-guard profile as IAM policies or service control
//! policies that deny, for requests made through AWS-managed MCP servers, the AWS actions
//! the profile denies in an environment ([`hookkit_policy::aws::iam_policy`]).

use clap::{Args, ValueEnum};
use hookkit_policy::aws::iam_policy::{
    AskAs, Guardrail, IamPolicyError, Judge, PolicyType, guardrail,
};
use hookkit_policy::{Config, ConfigSources, Environment, command};
use std::path::{Path, PathBuf};

/// The arguments of `hookkit iam-policy`.
#[derive(Args)]
pub struct IamPolicyArgs {
    /// The profile: a built-in one (read-only, propose-only, reversible, autonomous) or
    /// one defined in your configuration.
    #[arg(long)]
    profile: String,
    /// Write AWS Organizations service control policies (5,120 characters each) instead
    /// of IAM managed policies (6,144).
    #[arg(long)]
    scp: bool,
    /// The environment whose verdicts the policy carries: the account you attach it to.
    #[arg(long, default_value = "production", value_parser = environment)]
    environment: Environment,
    /// What a cell of the profile that asks becomes: an IAM policy cannot ask. `deny`: no
    /// request through an MCP server has been approved by a person, so it does not run;
    /// `allow`: only what the profile denies is denied.
    #[arg(long, value_enum, default_value_t = Ask::Deny)]
    ask_as: Ask,
    /// Write each document to DIR/policy-N.json (atomically) instead of printing them.
    #[arg(long, value_name = "DIR")]
    split_dir: Option<PathBuf>,
}

/// `--ask-as`.
#[derive(Clone, Copy, ValueEnum)]
enum Ask {
    Deny,
    Allow,
}

/// An environment by name (`production`, `staging`, `development`, `unknown`).
fn environment(name: &str) -> Result<Environment, String> {
    Environment::ALL
        .into_iter()
        .find(|e| e.as_str() == name)
        .ok_or_else(|| {
            let names: Vec<&str> = Environment::ALL.iter().map(|e| e.as_str()).collect();
            format!("one of {}", names.join(", "))
        })
}

/// What can stop `hookkit iam-policy`.
#[derive(Debug, thiserror::Error)]
pub enum RunError {
    /// The configuration, rules or profile, or the guardrail itself.
    #[error(transparent)]
    Policy(#[from] IamPolicyError),
    /// A document could not be written.
    #[error("{}: {source}", path.display())]
    Write {
        /// The file.
        path: PathBuf,
        /// The operating system's error.
        source: std::io::Error,
    },
}

impl From<hookkit_policy::Error> for RunError {
    fn from(e: hookkit_policy::Error) -> Self {
        RunError::Policy(e.into())
    }
}

/// Run `hookkit iam-policy` with `args` in the configuration the guards would load for a
/// call in the current directory: exit code 0 and the text to print — the documents as a
/// JSON array, one compact document per line, or with `--split-dir` the files written
/// and their sizes.
///
/// # Errors
/// The configuration or a rule file does not load, the profile is unknown, or a
/// document cannot be written.
pub fn run(args: &IamPolicyArgs) -> Result<(u8, String), RunError> {
    let cwd = std::env::current_dir().ok();
    let mut config = Config::load(&ConfigSources::discover(cwd.as_deref(), None))?;
    config.profile.clone_from(&args.profile);
    config.active_profile()?;
    let rules = command::rules_for(&config, Some(&["aws"]))?;
    let ask_as = match args.ask_as {
        Ask::Deny => AskAs::Deny,
        Ask::Allow => AskAs::Allow,
    };
    let policy = if args.scp {
        PolicyType::ServiceControl
    } else {
        PolicyType::Managed
    };
    let g = guardrail(
        &Judge::new(&rules, &config),
        args.environment,
        ask_as,
        policy,
    )?;
    let lines: Vec<String> = g.documents.iter().map(|d| d.to_string()).collect();
    match &args.split_dir {
        None => Ok((0, format!("[{}]\n", lines.join(",\n")))),
        Some(dir) => Ok((0, write(dir, &lines, &g, policy)?)),
    }
}

/// Write each document to `dir/policy-N.json`, and say what was written.
fn write(
    dir: &Path,
    documents: &[String],
    g: &Guardrail,
    policy: PolicyType,
) -> Result<String, RunError> {
    let failed = |path: &Path| {
        let path = path.to_path_buf();
        move |source| RunError::Write { path, source }
    };
    std::fs::create_dir_all(dir).map_err(failed(dir))?;
    let mut report = format!(
        "{} of {} AWS actions denied through AWS-managed MCP servers: {} Action entries ({} wildcards) in {} {} documents\n",
        g.denied,
        g.actions,
        g.entries,
        g.wildcards,
        documents.len(),
        policy.as_str(),
    );
    for (n, text) in documents.iter().enumerate() {
        let path = dir.join(format!("policy-{}.json", n + 1));
        hookkit_report::output::write_atomic(&path, text.as_bytes()).map_err(failed(&path))?;
        report.push_str(&format!("{}: {} characters\n", path.display(), text.len()));
    }
    Ok(report)
}
