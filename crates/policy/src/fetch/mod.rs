//! Tool calls that would fetch a secret's value into the model's context: the command
//! rules of `crates/policy/rules/fetch/` applied to every kind of tool that can read one.
//!
//! | tool | what is checked |
//! |---|---|
//! | shell, and MCP tools that run shell commands (`execute_command`, `start_process`…) | the command line, as command-guard checks it (hookkit-shell unwraps `sudo`, `env`, `bash -c`, pipelines…); plus every input redirection `CMD < FILE` as `cat FILE`, and the text of each shell script it runs (`bash run.sh`, `./run.sh`: `scripts`) |
//! | file read (`Read`, `read_file`, `view`, Cursor `beforeReadFile`) | the path `P`, as the command `cat 'P'` |
//! | content search (`Grep`, `search_file_content`, `grep_search`, `grep`) | its path `P`, as `grep -r '' 'P'`; each credential file its file filter selects (`Grep`'s `glob`: `.env*`), as `cat 'P/.env'` (`search_filter`) |
//! | MCP `call_aws`, `use_aws` (the AWS MCP servers) | the `aws …` command line it runs ([`crate::mcp::meaning`]) |
//!
//! So `aws --region x secretsmanager get-secret-value`, a `Read` of `.env` and an MCP
//! `call_aws` of the same command all fire the same rule ids.

use crate::call::{ToolCall, ToolKind};
use crate::command::{PathContext, check_analyzed};
use crate::decision::Finding;
use crate::error::Error;
use crate::rules::RuleSet;
use std::borrow::Cow;
use std::collections::BTreeSet;
use std::path::Path;

mod globs;
mod items;
mod links;
mod scripts;
mod search_filter;

/// The rule family directory of the fetch rules (`crates/policy/rules/fetch/`).
pub const FAMILY: &str = "fetch";

/// `s` as one single-quoted shell word.
pub fn shell_quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', r"'\''"))
}

/// The command lines that stand for what `call` would do, for the fetch rules: see the
/// module table. Empty for tools that cannot fetch a secret.
pub fn command_lines(call: &ToolCall) -> Vec<String> {
    let mut out = Vec::new();
    match call.kind {
        ToolKind::Shell => out.extend(call.shell_line().map(Cow::into_owned)),
        ToolKind::FileRead => {
            if let Some(path) = &call.path {
                out.push(format!("cat {}", shell_quote(path)));
            }
        }
        ToolKind::Mcp => {
            if let Some(crate::mcp::Meaning::Command(line) | crate::mcp::Meaning::Shell(line)) =
                call.mcp.as_ref().map(crate::mcp::meaning)
            {
                out.push(line);
            }
        }
        ToolKind::Other if SEARCH_TOOLS.contains(&call.tool_name.as_str()) => {
            if let Some(path) = &call.path {
                out.push(format!("grep -r '' {}", shell_quote(path)));
            }
            // The credential files its filter selects, below its directory.
            if let Some(glob) = &call.search_glob {
                let dir = call.path.as_deref().unwrap_or(".").trim_end_matches('/');
                let dir = if dir.is_empty() { "/" } else { dir };
                out.extend(
                    search_filter::secret_names(glob)
                        .into_iter()
                        .map(|name| format!("cat {}", shell_quote(&format!("{dir}/{name}")))),
                );
            }
        }
        ToolKind::FileWrite | ToolKind::Other => {}
    }
    out
}

/// The words of `cmd` the fetch rules read as files: its arguments, then the files it
/// reads through `<`.
fn read_words(cmd: &hookkit_shell::SimpleCommand) -> impl Iterator<Item = &hookkit_shell::Word> {
    let reads = cmd
        .redirects
        .iter()
        .filter(|r| r.op.reads())
        .map(|r| &r.target);
    cmd.argv.iter().skip(1).chain(reads)
}

/// The hosts' content-search tools, which print the lines of the files below their `path`
/// that match (Claude Code and droid `Grep`, Gemini CLI `search_file_content`, Qwen Code
/// `grep_search`, Copilot CLI, opencode and Kilo CLI `grep`; shared/hosts/): judged as
/// `grep -r '' PATH`.
const SEARCH_TOOLS: &[&str] = &["Grep", "grep", "search_file_content", "grep_search"];

/// One `cat 'FILE'…` of every file an analysed shell line reads through `<` (`tr '\0' '\n'
/// < /proc/self/environ`), each once; `None` when it reads none.
fn input_redirects(analysis: &hookkit_shell::Analysis) -> Option<String> {
    let targets: BTreeSet<&str> = analysis
        .commands
        .iter()
        .flat_map(|c| c.redirects.iter())
        .filter(|r| r.op.reads())
        .map(|r| r.target.text.as_str())
        .collect();
    (!targets.is_empty()).then(|| {
        let quoted: Vec<String> = targets.into_iter().map(shell_quote).collect();
        format!("cat {}", quoted.join(" "))
    })
}

/// Every built-in fetch rule that fires on `call` (see [`command_lines`]; a shell line's
/// glob operands also as the paths they match, `globs::glob_expansions`, and operands
/// through a symbolic link also as where it leads, `links::through_links`), and the shared
/// opacity rules ([`RuleSet::builtin_opacity`]: what cannot be analysed is never allowed),
/// at most one finding per rule. Per command line, only the fetch rules that can match its
/// commands are parsed ([`RuleSet::builtin_for`]), and of those only the match tables that
/// can fire ([`crate::command::prefilter::relevant`]).
///
/// # Errors
/// [`Error::Invalid`] when an embedded rule does not load or a rule's glob does not compile.
pub fn fetch_findings(
    call: &ToolCall,
    ctx: &PathContext,
    exists: &dyn Fn(&Path) -> bool,
) -> Result<Vec<Finding>, Error> {
    let mut out: Vec<Finding> = Vec::new();
    let opacity = RuleSet::builtin_opacity()?;
    // Only a shell line's (or a script's) redirections are read (an `aws` line's `<` is
    // the CLI's text).
    let shell = call.shell_line().is_some();
    let mut lines: Vec<Line> = command_lines(call)
        .into_iter()
        .map(|text| Line {
            text,
            source: shell,
            follow: true,
            script: false,
        })
        .collect();
    let mut scripts = scripts::Scripts::default();
    while let Some(line) = lines.pop() {
        let analysis = hookkit_shell::analyze(&line.text);
        let derived = |text: String, follow: bool| Line {
            text,
            source: false,
            follow,
            script: line.script,
        };
        if line.source {
            // Every file the line reads through `<`, once, as the operands of one `cat`
            // (one line per redirection made the work grow with their number times the
            // line's length: a redirection on a compound command is each inner command's).
            let more = input_redirects(&analysis)
                .into_iter()
                .chain(globs::glob_expansions(&analysis, ctx))
                .chain(globs::after_cd(&analysis, ctx));
            lines.extend(more.map(|l| derived(l, true)));
            lines.extend(
                scripts
                    .lines(&analysis.commands, ctx)
                    .into_iter()
                    .map(|text| Line {
                        text,
                        source: true,
                        follow: true,
                        script: true,
                    }),
            );
        }
        if line.follow {
            lines.extend(
                links::through_links(&analysis, ctx)
                    .into_iter()
                    .map(|l| derived(l, false)),
            );
        }
        for f in line_findings(&line, &analysis, &opacity, ctx, exists)? {
            if !out.iter().any(|o| o.rule_id == f.rule_id) {
                out.push(f);
            }
        }
    }
    // What runs but cannot be analysed is opaque: an MCP tool that runs what hookkit does
    // not analyse (the AWS MCP Server's `run_script`), a script file too large to read.
    let opaque_mcp = call
        .mcp
        .as_ref()
        .filter(|_| call.kind == ToolKind::Mcp)
        .and_then(|mcp| match crate::mcp::meaning(mcp) {
            crate::mcp::Meaning::Opaque(tool) => Some(format!("mcp {} {tool}", mcp.server)),
            _ => None,
        });
    let opaque = scripts
        .too_large
        .as_ref()
        .map(|file| format!("sh {}", shell_quote(file)));
    if let Some(text) = opaque.or(opaque_mcp)
        && !out.iter().any(|o| o.rule_id == crate::command::OPAQUE_RULE)
    {
        let rule = opacity
            .rule(crate::command::OPAQUE_RULE)
            .ok_or_else(|| Error::Invalid {
                path: None,
                message: format!(
                    "the built-in rule `{}` is missing",
                    crate::command::OPAQUE_RULE
                ),
            })?;
        out.push(rule.finding(crate::decision::Environment::Unknown, text, None));
    }
    Ok(out)
}

/// A line the fetch rules judge for a call.
struct Line {
    text: String,
    /// A shell line the call runs, its own or a script's: the files it reads through `<`,
    /// its globs and the scripts it runs are read too.
    source: bool,
    /// Its operands are still to be followed through links (a line written through them
    /// leads nowhere further).
    follow: bool,
    /// It comes from a script file ([`scripts`]): judged only by the rules about printing
    /// files that hold secrets ([`SCRIPT_RULES`]). Not by the opacity rules or
    /// `fetch.computed-file` (a script's variables are its own business), nor by the rules
    /// about handing a key file to a program or fetching a secret from a service or the
    /// environment: a script that connects with a key or a password it fetches does not
    /// print it. On 322 real shell scripts (the AWS agent toolkit's, CredData's samples,
    /// this machine's), those rules fired on 29 (`fetch.environment-secret-variable`,
    /// `fetch.metadata-credentials`, `fetch.secret-file-operand`…); these fire on none of
    /// 384 (the same sources, the cargo registry's and `/usr`'s shell programs added).
    script: bool,
}

/// The rules that judge a script's lines (see [`Line::script`]): printing a credential
/// file, by name, through a search or in a one-line program.
const SCRIPT_RULES: [&str; 5] = [
    "fetch.dotenv-file",
    "fetch.credential-file",
    "fetch.credential-directory-searched",
    "fetch.home-directory-searched",
    "fetch.secret-file-in-program",
];

/// The fetch and opacity findings of one analysed line.
fn line_findings(
    line: &Line,
    analysis: &hookkit_shell::Analysis,
    opacity: &RuleSet,
    ctx: &PathContext,
    exists: &dyn Fn(&Path) -> bool,
) -> Result<Vec<Finding>, Error> {
    let fed;
    let analysis = match items::fed_items(&line.text, analysis) {
        Some(patched) => {
            fed = patched;
            &fed
        }
        None => analysis,
    };
    // A line not followed to the end is swept with every fetch rule.
    let sweep = crate::command::not_followed(analysis).is_some();
    let words: Vec<String> = analysis
        .commands
        .iter()
        .flat_map(|c| c.argv.iter().map(|w| w.text.clone()))
        .collect();
    let mut rules = if sweep {
        RuleSet::builtin(FAMILY)?
    } else {
        let names: Vec<&str> = analysis.commands.iter().map(|c| c.name()).collect();
        RuleSet::builtin_for(FAMILY, &names, Some(&words))?
    };
    if line.script {
        rules
            .rules
            .retain(|r| SCRIPT_RULES.contains(&r.id.as_str()));
    } else {
        rules.rules.extend(opacity.rules.iter().cloned());
    }
    let relevant = if sweep {
        rules
    } else {
        crate::command::prefilter::relevant(&rules, &words)
    };
    check_analyzed(&line.text, analysis, &relevant, ctx, exists)
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_prefilter_never_changes_what_fires() {
        let rules = RuleSet::builtin_with_examples(FAMILY).unwrap();
        for rule in &rules.rules {
            for ex in rule.examples.iter().chain(&rule.negative_examples) {
                let full: Vec<String> = check_line(ex, &rules, &example_context(), &|_| true)
                    .unwrap()
                    .into_iter()
                    .map(|f| f.rule_id)
                    .collect();
                let mut c = call(ToolKind::Shell);
                c.command = Some(ex.clone());
                let filtered = ids(&c);
                assert!(
                    full.iter().all(|id| filtered.contains(id)),
                    "{ex}: {full:?} vs {filtered:?}"
                );
            }
        }
    }

    use super::*;
    use crate::call::{Event, Host, McpCall};
    use crate::command::check_line;
    use crate::rules::check::example_context;

    fn ids(call: &ToolCall) -> Vec<String> {
        fetch_findings(call, &example_context(), &|_| true)
            .unwrap()
            .into_iter()
            .map(|f| f.rule_id)
            .collect()
    }

    /// The rule ids that fire on `call` in `ctx`, with the files on disk.
    fn ids_on_disk(call: &ToolCall, ctx: &PathContext) -> Vec<String> {
        fetch_findings(call, ctx, &|p| p.exists())
            .unwrap()
            .into_iter()
            .map(|f| f.rule_id)
            .collect()
    }

    fn call(kind: ToolKind) -> ToolCall {
        ToolCall::new(Host::ClaudeCode, Event::PreTool, "PreToolUse", kind, "T")
    }

    #[test]
    fn input_redirect_of_a_credential_file_is_a_read() {
        let mut c = call(ToolKind::Shell);
        c.command = Some("tr '\\0' '\\n' < /proc/self/environ".into());
        assert_eq!(ids(&c), ["fetch.environment-dump"]);
        c.command = Some("grep -c x < .env".into());
        assert_eq!(ids(&c), ["fetch.dotenv-file"]);
        // Several files, and one read by many commands: each is checked, once.
        c.command = Some("{ a; b; c; } < notes.txt; sort < data.csv < .env".into());
        assert_eq!(ids(&c), ["fetch.dotenv-file"]);
    }

    #[test]
    fn operands_spelt_untidily_are_read_as_their_tidy_path() {
        let mut c = call(ToolKind::Shell);
        for (line, want) in [
            ("cat ~/.aws//credentials", "fetch.credential-file"),
            ("cat /home/user/.aws/./credentials", "fetch.credential-file"),
            ("cat ~/.aws/sso/../credentials", "fetch.credential-file"),
            (
                "grep -r key ~/.aws/./",
                "fetch.credential-directory-searched",
            ),
            (
                "rg key /home/user/.ssh//",
                "fetch.credential-directory-searched",
            ),
        ] {
            c.command = Some(line.into());
            assert_eq!(ids(&c), [want], "{line}");
        }
        for line in ["cat src//main.rs", "ls ~/.aws/", "cat ./README.md"] {
            c.command = Some(line.into());
            assert!(ids(&c).is_empty(), "{line}");
        }
    }

    #[test]
    fn a_shell_script_the_line_runs_is_read_as_its_own_lines() {
        // The scripts are data: written here, read by the rules, never run.
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().canonicalize().unwrap();
        let scripts = [
            ("run.sh", "set -e\ncat ~/.aws/credentials\n".to_owned()),
            ("plain", "head -3 .env\n".to_owned()),
            ("env.sh", "#!/usr/bin/env bash\ngrep -r key ~/.ssh\n".to_owned()),
            ("outer.sh", "echo start\nbash run.sh\n".to_owned()),
            // A script's own variables, names and unread files are its business.
            (
                "build.sh",
                "CC=${CC:-cc}\n$CC -o app main.c\ncat \"$1\"\neval \"$X\"\nopenssl req -new -key server.key -out server.csr\nTOKEN=$(aws secretsmanager get-secret-value --secret-id x)\n".to_owned(),
            ),
            ("tool.py", "print(open('.env').read())\n".to_owned()),
            ("py", "#!/usr/bin/env python3\nprint(open('.env').read())\n".to_owned()),
            ("big.sh", format!("{}\ncat ~/.aws/credentials\n", "#".repeat(200_000))),
        ];
        for (name, text) in &scripts {
            std::fs::write(root.join(name), text).unwrap();
        }
        let mut binary = b"\x7fELF\0\0".to_vec();
        binary.extend(b"cat ~/.aws/credentials\n".repeat(10_000));
        std::fs::write(root.join("tool"), binary).unwrap();
        let ctx = PathContext::discover(root.clone(), Some(root.join("home")), None);
        let mut c = call(ToolKind::Shell);
        let mut fired = |line: &str| {
            c.command = Some(line.into());
            ids_on_disk(&c, &ctx)
        };
        for (line, want) in [
            ("bash run.sh", "fetch.credential-file"),
            ("sh -e -o pipefail ./run.sh arg", "fetch.credential-file"),
            ("source run.sh", "fetch.credential-file"),
            (". ./run.sh", "fetch.credential-file"),
            ("make && bash outer.sh", "fetch.credential-file"),
            ("./plain", "fetch.dotenv-file"),
            ("./env.sh", "fetch.credential-directory-searched"),
            ("bash big.sh", crate::command::OPAQUE_RULE),
        ] {
            assert_eq!(fired(line), [want], "{line}");
        }
        for line in [
            "bash build.sh",
            "python3 tool.py",
            "./py",
            "./tool",
            "bash -c 'echo run.sh'",
            "bash -ec 'echo run.sh'",
            "bash missing.sh",
        ] {
            assert!(fired(line).is_empty(), "{line}");
        }
    }

    #[test]
    fn operands_through_a_symbolic_link_are_read_where_it_leads() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().canonicalize().unwrap();
        for f in [".env", "home/.aws/credentials", "README.md"] {
            let path = root.join(f);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, "A=1\n").unwrap();
        }
        std::os::unix::fs::symlink(".env", root.join("notes")).unwrap();
        std::os::unix::fs::symlink("home/.aws", root.join("conf")).unwrap();
        std::os::unix::fs::symlink("README.md", root.join("readme")).unwrap();
        let ctx = PathContext::discover(root.clone(), None, None);
        let fired = |kind: ToolKind, text: &str| {
            let mut c = call(kind);
            match kind {
                ToolKind::Shell => c.command = Some(text.into()),
                _ => c.path = Some(root.join(text).to_string_lossy().into_owned()),
            }
            ids_on_disk(&c, &ctx)
        };
        for line in ["cat notes", "head -1 < notes", "cat n*", "cat readme notes"] {
            assert_eq!(
                fired(ToolKind::Shell, line),
                ["fetch.dotenv-file"],
                "{line}"
            );
        }
        assert_eq!(fired(ToolKind::FileRead, "notes"), ["fetch.dotenv-file"]);
        assert_eq!(
            fired(ToolKind::Shell, "cat conf/credentials"),
            ["fetch.credential-file"]
        );
        assert_eq!(
            fired(ToolKind::FileRead, "conf/credentials"),
            ["fetch.credential-file"]
        );
        for line in ["cat readme", "ls -l notes", "cat missing"] {
            assert!(fired(ToolKind::Shell, line).is_empty(), "{line}");
        }
        // Too many operands to look up one by one: the rest are unknown.
        let many = format!("cat {}notes", "readme ".repeat(links::MAX_LINK_LOOKUPS));
        assert_eq!(fired(ToolKind::Shell, &many), ["fetch.computed-file"]);
    }

    #[test]
    fn glob_operands_are_read_as_the_files_bash_expands_them_to() {
        let dir = tempfile::tempdir().unwrap();
        for f in [".env", ".env.example", "a.txt", "sub/.env", "many/x"] {
            let path = dir.path().join(f);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, "A=1\n").unwrap();
        }
        for i in 0..=globs::MAX_GLOB_MATCHES {
            std::fs::write(dir.path().join(format!("many/f{i}")), "").unwrap();
        }
        let ctx = PathContext::discover(dir.path().into(), None, None);
        let fired = |line: &str| {
            let mut c = call(ToolKind::Shell);
            c.command = Some(line.into());
            ids_on_disk(&c, &ctx)
        };
        let dotenv = ["fetch.dotenv-file"];
        for line in [
            "cat .e*",
            "cat .en?",
            "cat .[e]nv",
            "cat .[^x]nv",
            "cat ./.??*",
            "head -n 3 */.e*",
            "grep -h '' < .e?v",
            "sort **/.env",
            "sort ***/.env",
        ] {
            assert_eq!(fired(line), dotenv, "{line}");
        }
        // bash's `*` skips hidden entries; a template, or no match at all, is not a read of
        // a secret.
        for line in ["cat *", "cat s*/*", "cat nothing*", "ls .e*"] {
            assert!(fired(line).is_empty(), "{line}: {:?}", fired(line));
        }
        // Too many matches, levels or globs to read one by one: the operand is unknown.
        assert_eq!(fired("cat many/*"), ["fetch.computed-file"]);
        assert_eq!(
            fired("cat /*/*/*/.env"),
            ["fetch.dotenv-file", "fetch.computed-file"]
        );
        assert_eq!(fired("head */*/*"), ["fetch.computed-file"]);
        let many_globs = format!("cat {}.e*", "a*.txt ".repeat(64));
        assert_eq!(fired(&many_globs), ["fetch.computed-file"]);
        assert!(fired("cat many/f1*").is_empty());
    }

    #[test]
    fn a_search_of_a_credential_file_is_a_read() {
        for name in ["Grep", "grep_search", "search_file_content", "grep"] {
            let mut c = call(ToolKind::Other);
            c.tool_name = name.into();
            c.path = Some("/home/user/project/.env".into());
            assert_eq!(ids(&c), ["fetch.dotenv-file"], "{name}");
            c.path = Some("/home/user/project/src".into());
            assert!(ids(&c).is_empty(), "{name}");
            // A directory of credential files, or the whole home directory (hidden
            // directories included), is searched file by file.
            c.path = Some("/home/user/.aws".into());
            assert_eq!(ids(&c), ["fetch.credential-directory-searched"], "{name}");
            c.path = Some("/home/user".into());
            assert_eq!(ids(&c), ["fetch.home-directory-searched"], "{name}");
        }
        // Its file filter (`Grep`'s `glob`) selects the files it reads.
        let mut c = call(ToolKind::Other);
        c.tool_name = "Grep".into();
        c.path = Some("/home/user/project".into());
        for (glob, want) in [
            (".env*", &["fetch.dotenv-file"][..]),
            ("**/.aws/*", &["fetch.credential-file"]),
            ("*.rs", &[]),
            ("*", &[]),
        ] {
            c.search_glob = Some(glob.into());
            assert_eq!(ids(&c), want, "{glob}");
        }
        c.path = None;
        c.search_glob = Some(".en?".into());
        assert_eq!(ids(&c), ["fetch.dotenv-file"]);
        // A listing of names (`Glob`) prints no content.
        let mut c = call(ToolKind::Other);
        c.tool_name = "Glob".into();
        c.path = Some("/home/user/project/.env".into());
        assert!(ids(&c).is_empty());
    }

    #[test]
    fn xargs_with_nothing_to_read_prints_no_item() {
        let mut c = call(ToolKind::Shell);
        for line in [
            "xargs cat",
            "xargs -0 head -5",
            "xargs -I{} cat {}",
            "sudo xargs tail",
        ] {
            c.command = Some(line.into());
            assert!(ids(&c).is_empty(), "{line}");
        }
        // Anything on the line that can feed it: the items are unknown.
        // Items the line spells are read as operands.
        for line in [
            "echo .env | xargs cat",
            "xargs cat <<< .env",
            "xargs -r cat <<< 'a.txt .env'",
            "echo a.txt .env.local | sudo xargs head",
            "echo .e\\nv | xargs cat",
        ] {
            c.command = Some(line.into());
            assert_eq!(ids(&c), ["fetch.dotenv-file"], "{line}");
        }
        for line in ["echo a.txt | xargs cat", "xargs cat <<< notes.md"] {
            c.command = Some(line.into());
            assert!(ids(&c).is_empty(), "{line}");
        }
        for line in [
            "echo -e '.e\\x6ev' | xargs cat",
            "ls | echo a.txt | xargs cat",
            "echo a.txt | xargs -I{} cat {}",
            "echo a.txt | xargs -0 cat",
            "echo $F | xargs cat",
            "xargs cat <<< \"$(ls -a)\"",
            "xargs cat < list.txt",
            "xargs -a list.txt cat",
            "xargs -0a list.txt cat",
            "xargs --arg-file=list.txt cat",
            "bash -c $'echo .env \\x7c xargs cat'",
            "coproc xargs cat",
            "find . -exec cat {} +",
            "find . -maxdepth 1 -exec head {} \\;",
            "fd -H . -x cat",
        ] {
            c.command = Some(line.into());
            assert_eq!(ids(&c), ["fetch.computed-file"], "{line}");
        }
    }

    #[test]
    fn a_read_after_cd_is_judged_where_the_cd_leads() {
        let mut c = call(ToolKind::Shell);
        for (line, rule) in [
            ("cd ~/.aws && cat credentials", "fetch.credential-file"),
            (
                "cd /home/user/.docker; head config.json",
                "fetch.credential-file",
            ),
            ("cd .. && cat project/.env", "fetch.dotenv-file"),
            (
                "(cd ~/.aws); cd ~/.aws; less ./credentials",
                "fetch.credential-file",
            ),
        ] {
            c.command = Some(line.into());
            assert_eq!(ids(&c), [rule], "{line}");
        }
        for line in ["cd ~/.aws && cat config", "cd src && cat credentials.md"] {
            c.command = Some(line.into());
            assert!(ids(&c).is_empty(), "{line}");
        }
    }

    #[test]
    fn read_tool_paths_use_the_same_rules() {
        let mut c = call(ToolKind::FileRead);
        c.path = Some("/home/user/project/.env.production".into());
        assert_eq!(ids(&c), ["fetch.dotenv-file"]);
        c.path = Some("/home/user/.ssh/id_ed25519".into());
        assert_eq!(ids(&c), ["fetch.credential-file"]);
        c.path = Some("/home/user/project/.env.example".into());
        assert!(ids(&c).is_empty());
        c.path = Some("/home/user/it's here/.env".into());
        assert_eq!(ids(&c), ["fetch.dotenv-file"]);
    }

    #[test]
    fn aws_mcp_tools_are_commands() {
        use serde_json::json;
        let fires = |server: &str, tool: &str, arguments: serde_json::Value| {
            let mut c = call(ToolKind::Mcp);
            c.mcp = Some(McpCall {
                server: server.into(),
                tool: tool.into(),
                arguments,
            });
            ids(&c)
        };
        let secret = ["fetch.aws-secretsmanager-get-secret-value"];
        let get_secret = "aws secretsmanager get-secret-value --secret-id prod/db";
        assert_eq!(
            fires(
                "aws-api",
                "call_aws",
                json!({"cli_command": format!("aws --region us-east-1 {}", &get_secret[4..])})
            ),
            secret
        );
        assert_eq!(
            fires(
                "aws",
                "use_aws",
                json!({
                    "service_name": "ssm", "operation_name": "get_parameter",
                    "parameters": {"name": "/prod/pw", "with_decryption": true}, "region": "us-east-1"
                })
            ),
            ["fetch.aws-ssm-get-parameter-decrypted"]
        );
        // PascalCase operation and parameter names (the SDKs' spelling), and the AWS MCP
        // Server's `aws___` tools, too.
        assert_eq!(
            fires(
                "aws",
                "use_aws",
                json!({
                    "service_name": "secretsmanager", "operation_name": "GetSecretValue",
                    "parameters": {"SecretId": "prod/db"}
                })
            ),
            secret
        );
        assert_eq!(
            fires(
                "aws-mcp",
                "aws___call_aws",
                json!({"cli_command": get_secret})
            ),
            secret
        );
        assert!(
            fires(
                "aws",
                "use_aws",
                json!({
                    "service_name": "secretsmanager", "operation_name": "describe-secret",
                    "parameters": {"secret_id": "x"}
                })
            )
            .is_empty()
        );
    }
}
