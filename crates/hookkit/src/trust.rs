//! `hookkit trust`: record, list and revoke trust in configuration files
//! ([`hookkit_policy::trust`]).

use clap::{ArgGroup, Args};
use hookkit_policy::config::PROJECT_FILE;
use hookkit_policy::trust::{self, TrustStore};
use hookkit_policy::{Config, ConfigSources, Error};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// The arguments of `hookkit trust`: one of FILE, `--list`, `--revoke FILE`.
#[derive(Args)]
#[command(group(ArgGroup::new("what").required(true).args(["file", "list", "revoke"])))]
pub struct TrustArgs {
    /// The file to trust: a project's .hookkit.toml, or a rule file it names.
    file: Option<PathBuf>,
    /// Print every record: whether the file still matches, the date, the digest's first
    /// 12 hex digits and the path.
    #[arg(long)]
    list: bool,
    /// Remove the record of FILE: it can only tighten the policy again.
    #[arg(long, value_name = "FILE")]
    revoke: Option<PathBuf>,
}

/// Run `hookkit trust` with `args`.
///
/// # Errors
/// No state directory (no `$HOME`), a store or file that cannot be read or written, or a
/// project file that does not load (it is not trusted then).
pub fn run(args: &TrustArgs) -> Result<ExitCode, Error> {
    let store = trust::default_path().ok_or_else(|| Error::Invalid {
        path: None,
        message: "no state directory: set $HOME or $XDG_STATE_HOME".to_owned(),
    })?;
    if args.list {
        list(&TrustStore::open(&store)?);
        return Ok(ExitCode::SUCCESS);
    }
    if let Some(file) = &args.revoke {
        return Ok(match TrustStore::update(&store, |s| Ok(s.revoke(file)))? {
            Some(r) => {
                println!(
                    "revoked {}: it may only tighten the policy again",
                    r.path.display()
                );
                ExitCode::SUCCESS
            }
            None => {
                println!(
                    "no trust record for {} in {}",
                    file.display(),
                    store.display()
                );
                ExitCode::from(1)
            }
        });
    }
    match &args.file {
        Some(file) => trust(&store, file),
        // clap requires one of FILE, --list and --revoke.
        None => Ok(ExitCode::from(2)),
    }
}

/// `hookkit trust FILE`: show what `file` loosens, then record it in `store`.
///
/// # Errors
/// As [`run`].
fn trust(store: &Path, file: &Path) -> Result<ExitCode, Error> {
    let loosened = loosenings(file)?;
    let record = TrustStore::update(store, |s| s.trust(file))?;
    println!(
        "trusted {} ({}) in {}",
        record.path.display(),
        short(&record.digest),
        store.display()
    );
    if !loosened.is_empty() {
        println!("it now loosens the policy where it was ignored before:");
        for line in &loosened {
            println!("  {line}");
        }
    }
    println!(
        "Any change to the file makes it tighten-only again; `hookkit trust --revoke {}` \
         withdraws this.",
        record.path.display()
    );
    Ok(ExitCode::SUCCESS)
}

/// What `file`, read as the project file of its folder over the user's configuration,
/// tries to loosen (what trusting it lets through). Rule files are not configuration
/// layers: nothing to show.
///
/// # Errors
/// The configuration does not load (a syntax error, an unknown key or profile): a broken
/// file is not worth trusting.
fn loosenings(file: &Path) -> Result<Vec<String>, Error> {
    if file.file_name().is_none_or(|n| n != PROJECT_FILE) {
        return Ok(Vec::new());
    }
    let mut sources = ConfigSources::discover(file.parent(), None);
    sources.project = Some(file.to_path_buf());
    sources.trust = None;
    let config = Config::load(&sources)?;
    Ok(config
        .ignored
        .iter()
        .map(|i| format!("{}: {}", i.key, i.what))
        .collect())
}

/// Print the records of `store`, one a line.
fn list(store: &TrustStore) {
    if store.records().is_empty() {
        println!("no trusted files in {}", store.path().display());
        return;
    }
    for r in store.records() {
        println!(
            "{:<8} {:<10} {} {}",
            TrustStore::state(r).as_str(),
            r.trusted_at.get(..10).unwrap_or(&r.trusted_at),
            short(&r.digest),
            r.path.display()
        );
    }
}

/// `sha256:` and the first 12 hex digits of a digest.
fn short(digest: &str) -> &str {
    digest.get(..7 + 12).unwrap_or(digest)
}
