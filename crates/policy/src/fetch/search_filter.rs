//! The file filter of a host's content-search tool (Claude Code `Grep`'s `glob`, handed to
//! ripgrep as `--glob`; code.claude.com/docs/en/tools-reference): a filter that selects
//! credential files makes the search a read of them, as `rg -g '.env*' PATTERN` is.
//!
//! A filter is tried on [`SECRET_NAMES`], one name of each kind the fetch rules of
//! `crates/policy/rules/fetch/files.toml` are about, and each name it selects is judged as
//! a file under the search's directory. A filter that selects every one of [`PLAIN_NAMES`]
//! selects everything (`*`, `**`): it is judged as a search without one is, by its
//! directory alone. Matching follows ripgrep's globs (the `globset` crate, which ripgrep
//! uses): `*` stays within a path component; a glob without a `/` is tried on the file's
//! name at any depth, one with a `/` on its path below the directory.

use globset::{GlobBuilder, GlobMatcher};

/// One file name (or path below a search's directory) of each kind a fetch rule denies
/// printing: dotenv files, cloud and registry credentials, private keys, Terraform state.
pub(super) const SECRET_NAMES: &[&str] = &[
    ".env",
    ".env.local",
    ".env.production",
    "app.env",
    ".envrc",
    ".aws/credentials",
    ".ssh/id_rsa",
    ".ssh/id_ed25519",
    "server.key",
    "tls.pem",
    "client.p12",
    "release.jks",
    ".npmrc",
    ".pypirc",
    ".netrc",
    ".docker/config.json",
    ".kube/config",
    "kubeconfig",
    "terraform.tfstate",
    "prod.tfvars",
    ".git-credentials",
    "credentials.json",
    "service-account.json",
    ".pgpass",
    ".my.cnf",
    ".vault-token",
    ".config/gh/hosts.yml",
];

/// Names of no secret: a filter that selects all of them selects any file.
const PLAIN_NAMES: &[&str] = &["a", "main.rs", "README.md", "src/app.py", ".gitignore"];

/// The names of [`SECRET_NAMES`] the filter `glob` selects; none when it selects every
/// plain name, excludes (`!…`), or does not compile (the search then reads what its
/// directory holds, which the directory's own judgement covers).
pub(super) fn secret_names(glob: &str) -> Vec<&'static str> {
    let Some(filter) = Filter::new(glob) else {
        return Vec::new();
    };
    if PLAIN_NAMES.iter().all(|n| filter.selects(n)) {
        return Vec::new();
    }
    SECRET_NAMES
        .iter()
        .copied()
        .filter(|n| filter.selects(n))
        .collect()
}

/// A compiled filter and whether it is tried on whole paths.
struct Filter {
    glob: GlobMatcher,
    on_path: bool,
}

impl Filter {
    fn new(glob: &str) -> Option<Filter> {
        let glob = glob.trim();
        if glob.is_empty() || glob.starts_with('!') {
            return None;
        }
        let glob = glob.strip_prefix('/').unwrap_or(glob);
        let glob = glob.strip_suffix('/').unwrap_or(glob);
        let compiled = GlobBuilder::new(glob)
            .literal_separator(true)
            .backslash_escape(true)
            .build()
            .ok()?;
        Some(Filter {
            glob: compiled.compile_matcher(),
            on_path: glob.contains('/'),
        })
    }

    /// Whether the filter selects the file at `path` (below the search's directory).
    fn selects(&self, path: &str) -> bool {
        if self.on_path {
            return self.glob.is_match(path);
        }
        let name = path.rsplit('/').next().unwrap_or(path);
        self.glob.is_match(name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_filter_that_selects_credential_files_names_them() {
        assert_eq!(
            secret_names(".env*"),
            [".env", ".env.local", ".env.production", ".envrc"]
        );
        assert_eq!(secret_names("*.env"), [".env", "app.env"]);
        assert_eq!(secret_names(".en?"), [".env"]);
        assert_eq!(secret_names("{.env,main.rs}"), [".env"]);
        assert_eq!(secret_names("**/.aws/*"), [".aws/credentials"]);
        assert_eq!(secret_names("credentials"), [".aws/credentials"]);
        assert_eq!(secret_names("id_*"), [".ssh/id_rsa", ".ssh/id_ed25519"]);
        assert_eq!(secret_names("*.{pem,key}"), ["server.key", "tls.pem"]);
    }

    #[test]
    fn a_filter_of_every_file_or_of_ordinary_files_names_none() {
        for glob in [
            "*",
            "**",
            "**/*",
            "*.rs",
            "*.{ts,tsx}",
            "src/**/*.py",
            "!*.md",
            "",
            "[",
        ] {
            assert!(secret_names(glob).is_empty(), "{glob}");
        }
    }

    #[test]
    fn every_secret_name_is_one_a_fetch_rule_denies_printing() {
        use crate::call::{Event, Host, ToolCall, ToolKind};
        for name in SECRET_NAMES {
            let mut read = ToolCall::new(
                Host::ClaudeCode,
                Event::PreTool,
                "PreToolUse",
                ToolKind::FileRead,
                "Read",
            );
            read.path = Some(format!("/home/user/project/{name}"));
            let found = super::super::fetch_findings(
                &read,
                &crate::rules::check::example_context(),
                &|_| true,
            )
            .unwrap();
            assert!(
                found
                    .iter()
                    .any(|f| f.verdict == crate::decision::Verdict::Deny),
                "{name}: {found:?}"
            );
        }
    }
}
