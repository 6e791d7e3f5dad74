//! `hookkit trust`: record, list and revoke trust in configuration files
//! ([`hookkit_policy::trust`]).

use clap::{ArgGroup, Args};
use hookkit_policy::config::PROJECT_FILE;
use hookkit_policy::trust::{self, TrustStore};
use hookkit_policy::{Config, ConfigSources, Error};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

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

/// Run `hookkit trust` with `args`: the exit code (0 done, 1 nothing to revoke) and the
/// text to print.
///
/// # Errors
/// No state directory (no `$HOME`), a store or file that cannot be read or written, or a
/// project file that does not load (it is not trusted then).
pub fn run(args: &TrustArgs) -> Result<(u8, String), Error> {
    let store = trust::default_path().ok_or_else(|| Error::Invalid {
        path: None,
        message: "no state directory: set $HOME or $XDG_STATE_HOME".to_owned(),
    })?;
    if args.list {
        return Ok((0, list(&TrustStore::open(&store)?)));
    }
    if let Some(file) = &args.revoke {
        return Ok(match TrustStore::update(&store, |s| Ok(s.revoke(file)))? {
            Some(r) => (
                0,
                format!(
                    "revoked {}: it may only tighten the policy again\n",
                    r.path.display()
                ),
            ),
            None => (
                1,
                format!(
                    "no trust record for {} in {}\n",
                    file.display(),
                    store.display()
                ),
            ),
        });
    }
    match &args.file {
        Some(file) => Ok((0, trust(&store, file)?)),
        // clap requires one of FILE, --list and --revoke.
        None => Ok((2, String::new())),
    }
}

/// `hookkit trust FILE`: record `file` in `store`; the text says what it now loosens.
///
/// # Errors
/// As [`run`].
fn trust(store: &Path, file: &Path) -> Result<String, Error> {
    let loosened = loosenings(file)?;
    let record = TrustStore::update(store, |s| s.trust(file))?;
    let mut text = format!(
        "trusted {} ({}) in {}\n",
        record.path.display(),
        short(&record.digest),
        store.display()
    );
    if !loosened.is_empty() {
        text.push_str("it now loosens the policy where it was ignored before:\n");
        for line in &loosened {
            let _ = writeln!(text, "  {line}");
        }
    }
    let _ = writeln!(
        text,
        "Any change to the file makes it tighten-only again; `hookkit trust --revoke {}` \
         withdraws this.",
        record.path.display()
    );
    Ok(text)
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

/// The records of `store`, one a line.
fn list(store: &TrustStore) -> String {
    if store.records().is_empty() {
        return format!("no trusted files in {}\n", store.path().display());
    }
    let mut text = String::new();
    for r in store.records() {
        let _ = writeln!(
            text,
            "{:<8} {:<10} {} {}",
            TrustStore::state(r).as_str(),
            r.trusted_at.get(..10).unwrap_or(&r.trusted_at),
            short(&r.digest),
            r.path.display()
        );
    }
    text
}

/// `sha256:` and the first 12 hex digits of a digest.
fn short(digest: &str) -> &str {
    digest.get(..7 + 12).unwrap_or(digest)
}
