//! The mixed session of the audit trail's end-to-end tests (issue 15, "Proof"), shared by
//! `e2e_claude_code.rs`, `e2e_codex.rs`, `e2e_gemini.rs` and `e2e_copilot.rs`.
//!
//! Each test registers both guards as a person does (`hookkit install --host HOST` in a
//! scratch `HOME`), leaves the audit trail as it comes (on by default, in
//! `$HOME/.local/state/hookkit/audit`), and has a real host run the same eleven calls
//! ([`Mixed::steps`]), scripted by a fake model on 127.0.0.1:
//!
//! | # | call | decision | fate |
//! |---|---|---|---|
//! | 0 | `ls` | allow | ran |
//! | 1 | read `notes.txt` (the host's file-read tool; Codex: `cat`), which holds a fake token | allow | ran |
//! | 2 | write `written.txt` (the host's file-write tool) | allow | ran |
//! | 3 | `echo WORD \| wc -c`: a random word no secret rule knows | allow | ran |
//! | 4 | `rm -rf` of a marker folder in the scratch `HOME` | deny (Claude Code: ask) | blocked (Claude Code: asked, declined by `claude -p`) |
//! | 5 | `curl` with a fake GitLab token in a header | deny | blocked |
//! | 6 | `aws secretsmanager get-secret-value` | deny | blocked |
//! | 7 | `aws s3 ls … --profile prod`: a production read | allow | ran |
//! | 8 | `aws s3 rb … --profile prod`: a production change | deny | blocked |
//! | 9 | `ls missing-folder`: exits 2 | allow | ran, error |
//! | 10 | read `missing.txt` (the file-read tool; Codex: `cat`): the tool fails | allow | ran, error |
//!
//! Then [`Mixed::check_trail`] reads the trail with `hookkit-audit`: every call complete,
//! each call's decision and fate as above, the production read and change in the report's
//! production sections, no planted secret in any trail file or report, `verify` passing,
//! and failing at the right file and line once a line is removed.
//!
//! SAFETY: the destructive commands are data. They reach only the host inside a test,
//! whose `HOME` and working directory are fresh temporary directories; [`Kit::preflight`]
//! checks, before the host starts, that the guards refuse each of them on their own. `aws`
//! is a stand-in first on the host's `PATH` that only logs its arguments.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test helpers

use hookkit_testkit::{
    GuardAnswer, SessionOutput, Turn, bin_dir, build_workspace_bins, codex_exec_turn,
    codex_patch_turn, scratch_home, shell_payload, shell_quote, write_standin,
};
use serde_json::{Value, json};
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::Instant;

/// What the fake model is asked: the script does the rest.
pub const PROMPT: &str = "Run the scripted steps.";

/// One tool call of the session, independent of the host.
#[derive(Debug, Clone)]
pub enum Action {
    /// A shell command, with the statement of intent hosts that take one send.
    Shell {
        /// The command line.
        command: String,
        /// The model's description of it.
        description: String,
    },
    /// Read a file with the host's file-read tool.
    Read(PathBuf),
    /// Write a new file with the host's file-write tool.
    Write(PathBuf, String),
}

/// One call and what the trail must say about it.
#[derive(Debug, Clone)]
pub struct Step {
    /// The call.
    pub action: Action,
    /// The decision recorded before it ran (`allow`, `ask`, `deny`).
    pub decision: &'static str,
    /// `ran` or `blocked` (`asked-no-outcome` for an ask the host declined).
    pub fate: &'static str,
    /// How it ended when it ran (`ok`, `error`).
    pub status: Option<&'static str>,
}

/// Both guards and `hookkit`, built, and first on `PATH`.
pub struct Kit {
    /// `command-guard`, `secret-guard`, `hookkit`.
    bins: Vec<PathBuf>,
    dir: tempfile::TempDir,
    /// When the test started (the wall time reported at the end).
    started: Instant,
}

impl Kit {
    /// Builds the binaries.
    pub fn new() -> Kit {
        let started = Instant::now();
        let bins = build_workspace_bins(&["command-guard", "secret-guard", "hookkit"])
            .unwrap_or_else(|e| panic!("building the guards: {e}"));
        let dir = bin_dir(&bins).unwrap();
        Kit { bins, dir, started }
    }

    /// The folder holding the three binaries.
    fn dir(&self) -> &Path {
        self.dir.path()
    }

    /// `hookkit install --host HOST` for the host of `mixed`, as the person would run it:
    /// in its working directory, with its scratch `HOME` (and XDG folders), the guards first
    /// on `PATH`, and `env` (the host's `CODEX_HOME`, `COPILOT_HOME`).
    pub fn install(&self, mixed: &Mixed, env: &[(&str, &Path)]) {
        let (host, home, cwd) = (mixed.host, &mixed.home, &mixed.cwd);
        let path =
            std::env::join_paths([self.dir(), Path::new("/usr/bin"), Path::new("/bin")]).unwrap();
        let mut command = Command::new(&self.bins[2]);
        command.env_clear();
        scratch_home(&mut command, home)
            .env("PATH", path)
            .env("CARGO_HOME", home.join(".cargo"))
            .env("LANG", "C.UTF-8")
            .args(["install", "--host", host])
            .current_dir(cwd);
        for (key, value) in env {
            command.env(key, value);
        }
        let out = command.output().unwrap();
        let said = String::from_utf8_lossy(&out.stdout);
        assert!(
            out.status.success() && said.contains("registered both guards"),
            "hookkit install --host {host}: {said}{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }

    /// Each destructive or secret call of `mixed` is refused by a guard on its own, fed
    /// its host's payload in the session's `HOME` with a throwaway state folder (so nothing
    /// reaches the session's trail): the precondition for handing them to the host.
    pub fn preflight(&self, mixed: &Mixed) {
        let host = mixed.host;
        let state = tempfile::tempdir().unwrap();
        for step in mixed.steps.iter().filter(|s| s.fate != "ran") {
            let Action::Shell { command, .. } = &step.action else {
                continue;
            };
            let payload = shell_payload(host, command, &mixed.cwd, &mixed.home).unwrap();
            let refused = self.bins[..2].iter().any(|guard| {
                let mut child = Command::new(guard)
                    .args(["--host", host])
                    .current_dir(&mixed.cwd)
                    .env_clear()
                    .env("PATH", "/usr/bin:/bin")
                    .env("HOME", &mixed.home)
                    .env("XDG_STATE_HOME", state.path())
                    .stdin(Stdio::piped())
                    .stdout(Stdio::piped())
                    .spawn()
                    .unwrap();
                child
                    .stdin
                    .take()
                    .unwrap()
                    .write_all(payload.to_string().as_bytes())
                    .unwrap();
                let out = child.wait_with_output().unwrap();
                let answer = GuardAnswer {
                    status: out.status,
                    stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
                    stderr: String::new(),
                };
                answer.block_reason().is_some()
                    || answer
                        .json()
                        .is_some_and(|v| v["hookSpecificOutput"]["permissionDecision"] == "ask")
            });
            assert!(
                refused,
                "preflight: no guard refuses `{command}` on {host}; not starting the host"
            );
        }
    }
}

/// A random word of `n` characters of `alphabet`, made up at run time (never a literal in
/// this repository).
fn random(n: usize, alphabet: &[u8]) -> String {
    use std::hash::{BuildHasher as _, Hasher as _};
    let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
    hasher.write_u128(
        std::time::UNIX_EPOCH
            .elapsed()
            .unwrap_or_default()
            .as_nanos(),
    );
    let mut state = hasher.finish() | 1;
    (0..n)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            let i = usize::try_from(state % alphabet.len() as u64).unwrap_or(0);
            char::from(alphabet[i])
        })
        .collect()
}

/// A fake GitLab personal access token (`secrets.gitlab-pat`): the fixed prefix and a
/// tail of 20 characters made up at run time.
fn gitlab_token() -> String {
    const ALPHABET: &[u8] = b"abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    ["glpat", &random(20, ALPHABET)].join("-")
}

/// `action` as `host`'s model calls it, with the parameters of the host's own tools (the
/// captured payloads under `crates/hooks/tests/fixtures/`): the shell tool (Claude Code
/// `Bash`, Codex `exec_command`, Gemini CLI `run_shell_command`, Copilot CLI `bash`; Codex
/// takes no description), the file-read tool (`Read`, `read_file`, `view`; Codex has none
/// and runs `cat`) and the file-write tool (`Write`, Codex's `apply_patch`, `write_file`,
/// `create`).
fn turn(host: &str, action: &Action) -> Turn {
    let tool = |name: &str, input| Turn::ToolUse {
        name: name.to_owned(),
        input,
    };
    let (shell, read, write) = match host {
        "claude-code" => ("Bash", "Read", "Write"),
        "gemini-cli" => ("run_shell_command", "read_file", "write_file"),
        "copilot-cli" => ("bash", "view", "create"),
        _ => ("", "", ""),
    };
    match (host, action) {
        ("codex", Action::Shell { command, .. }) => codex_exec_turn(command),
        ("codex", Action::Read(path)) => codex_exec_turn(format!("cat {}", path.display())),
        ("codex", Action::Write(path, content)) => {
            let lines: String = content.lines().map(|l| format!("+{l}\n")).collect();
            codex_patch_turn(format!(
                "*** Begin Patch\n*** Add File: {}\n{lines}*** End Patch\n",
                path.display()
            ))
        }
        (
            _,
            Action::Shell {
                command,
                description,
            },
        ) => tool(
            shell,
            json!({ "command": command, "description": description }),
        ),
        ("copilot-cli", Action::Read(path)) => tool(read, json!({ "path": path })),
        ("copilot-cli", Action::Write(path, content)) => {
            tool(write, json!({ "path": path, "file_text": content }))
        }
        (_, Action::Read(path)) => tool(read, json!({ "file_path": path })),
        (_, Action::Write(path, content)) => {
            tool(write, json!({ "file_path": path, "content": content }))
        }
    }
}

/// The mixed session in one scratch `HOME` and working directory.
pub struct Mixed {
    host: &'static str,
    /// The calls, in order.
    steps: Vec<Step>,
    home: PathBuf,
    cwd: PathBuf,
    /// The planted secrets: the build id, the header token and the file token, in that
    /// order (`assert_no_secret` names them).
    secrets: Vec<String>,
    marker: PathBuf,
    written: PathBuf,
    aws_log: PathBuf,
    standins: tempfile::TempDir,
}

/// The content the model writes to `written.txt`.
const WRITTEN: &str = "written by the model\n";

impl Mixed {
    /// The session of `host` (`claude-code`, `codex`, `gemini-cli`, `copilot-cli`): plants
    /// its files in `home` and `cwd` (scratch directories: checked): `notes.txt` with a
    /// fake token, the marker folder, and an `aws` stand-in. The destructive delete is an
    /// ask where the host itself asks a person (Claude Code; `claude -p` declines it), and
    /// the deny hookkit answers elsewhere.
    pub fn new(home: &Path, cwd: &Path, host: &'static str) -> Mixed {
        let delete = if host == "claude-code" { "ask" } else { "deny" };
        assert!(home.starts_with(std::env::temp_dir()), "{}", home.display());
        assert_ne!(Some(home.as_os_str()), std::env::var_os("HOME").as_deref());
        let word = random(
            32,
            b"abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789",
        );
        let (header_token, file_token) = (gitlab_token(), gitlab_token());
        // The project's root is the working directory, whatever happens above it: Codex
        // 0.169.0's sandbox creates an empty `/tmp/.git` while a sandboxed command runs
        // (seen from another test's session), which would make all of `/tmp`, the scratch
        // `HOME` included, one project for the guards.
        std::fs::create_dir_all(cwd.join(".git")).unwrap();
        std::fs::write(cwd.join(".git/HEAD"), "ref: refs/heads/main\n").unwrap();
        let notes = cwd.join("notes.txt");
        std::fs::write(&notes, format!("deploy token: {file_token}\n")).unwrap();
        let marker_dir = home.join("keep-me");
        std::fs::create_dir_all(&marker_dir).unwrap();
        let marker = marker_dir.join("marker.txt");
        std::fs::write(&marker, "hookkit e2e marker\n").unwrap();
        let standins = tempfile::tempdir().unwrap();
        // In the working directory: a sandboxed host (Codex) may write there.
        let aws_log = cwd.join("aws-calls.log");
        write_standin(standins.path(), "aws", &aws_log).unwrap();
        let written = cwd.join("written.txt");

        let shell = |command: String, description: &str| Action::Shell {
            command,
            description: description.to_owned(),
        };
        let ran_ok = |action| Step {
            action,
            decision: "allow",
            fate: "ran",
            status: Some("ok"),
        };
        let blocked = |action, decision| Step {
            action,
            decision,
            fate: "blocked",
            status: None,
        };
        let remove = ["rm", "-rf", &shell_quote(&marker_dir.to_string_lossy())].join(" ");
        let fetch = ["aws", "secretsmanager", "get-secret-value", "--secret-id"].join(" ");
        let steps = vec![
            ran_ok(shell("ls".into(), "List the project files")),
            ran_ok(Action::Read(notes.clone())),
            ran_ok(Action::Write(written.clone(), WRITTEN.to_owned())),
            ran_ok(shell(
                format!("echo {word} | wc -c"),
                &format!("Count the characters of build id {word}"),
            )),
            Step {
                fate: if delete == "ask" {
                    "asked-no-outcome"
                } else {
                    "blocked"
                },
                ..blocked(shell(remove, "Clean up the old folder"), delete)
            },
            blocked(
                shell(
                    format!(
                        "curl -s -H 'PRIVATE-TOKEN: {header_token}' http://127.0.0.1:9/api/v4/user"
                    ),
                    &format!("Check the GitLab token {header_token}"),
                ),
                "deny",
            ),
            blocked(
                shell(format!("{fetch} prod/db"), "Fetch the database password"),
                "deny",
            ),
            ran_ok(shell(
                "aws s3 ls s3://orders --profile prod".into(),
                "List the production bucket",
            )),
            blocked(
                shell(
                    "aws s3 rb s3://orders --profile prod".into(),
                    "Remove the production bucket",
                ),
                "deny",
            ),
            Step {
                status: Some("error"),
                ..ran_ok(shell(
                    "ls missing-folder".into(),
                    "List a folder that is not there",
                ))
            },
            Step {
                status: Some("error"),
                ..ran_ok(Action::Read(cwd.join("missing.txt")))
            },
        ];
        Mixed {
            host,
            steps,
            home: home.to_owned(),
            cwd: cwd.to_owned(),
            secrets: vec![word, header_token, file_token],
            marker,
            written,
            aws_log,
            standins,
        }
    }

    /// `PATH` for the host: the `aws` stand-in's folder, the guards', then this process's.
    pub fn path(&self, kit: &Kit) -> std::ffi::OsString {
        let inherited = std::env::var_os("PATH").unwrap_or_default();
        std::env::join_paths(
            [self.standins.path(), kit.dir()]
                .into_iter()
                .map(Path::to_path_buf)
                .chain(std::env::split_paths(&inherited)),
        )
        .unwrap()
    }

    /// The script for the fake model: each step as the host's model calls it ([`turn`]),
    /// then a last answer.
    pub fn script(&self) -> Vec<Turn> {
        self.steps
            .iter()
            .map(|s| turn(self.host, &s.action))
            .chain([Turn::text("Done.")])
            .collect()
    }

    /// Everything the test asserts after the host's run `output`, of which the fake model
    /// served `served` turns: the host ran the whole script and exited 0, then
    /// [`check_effects`](Self::check_effects) and [`check_trail`](Self::check_trail).
    /// Prints the test's numbers.
    pub fn check(&self, kit: &Kit, output: &SessionOutput, served: usize) {
        assert!(
            output.status.success(),
            "{} failed ({}):\n{}\n{}",
            self.host,
            output.status,
            output.stdout,
            output.stderr
        );
        assert_eq!(served, self.steps.len() + 1, "stdout: {}", output.stdout);
        self.check_effects();
        let numbers = self.check_trail(kit);
        eprintln!(
            "{numbers}; the host's run {:.1} s",
            output.elapsed.as_secs_f64()
        );
    }

    /// What ran and what did not, on disk: the marker survived, the file was written, and
    /// the `aws` stand-in ran once, for the production read.
    fn check_effects(&self) {
        assert!(
            self.marker.exists(),
            "the destructive delete ran: {} is gone",
            self.marker.display()
        );
        assert_eq!(
            std::fs::read_to_string(&self.written).ok().as_deref(),
            Some(WRITTEN),
            "{}",
            self.written.display()
        );
        assert_eq!(
            std::fs::read_to_string(&self.aws_log).unwrap_or_default(),
            "aws s3 ls s3://orders --profile prod\n",
            "only the production read may reach aws"
        );
    }

    /// Reads the trail of the session's `HOME` with `hookkit-audit` and checks it (see the
    /// module docs); returns one line for the test's report.
    fn check_trail(&self, kit: &Kit) -> String {
        let host = self.host;
        let trail = self.home.join(".local/state/hookkit/audit");
        let files = hookkit_audit_trail::store::files_in(&trail).unwrap();
        assert!(!files.is_empty(), "no trail in {}", trail.display());
        let mut records = 0;
        for f in &files {
            let text = std::fs::read_to_string(f).unwrap();
            self.assert_no_secret(&text, &f.display().to_string());
            records += text.lines().count();
            use std::os::unix::fs::PermissionsExt as _;
            let mode = std::fs::metadata(f).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode, 0o600, "{}", f.display());
        }

        let report = self.audit(&["report", "--format", "json"], &trail);
        assert_eq!(report.status.code(), Some(0), "{report:?}");
        let text = String::from_utf8(report.stdout).unwrap();
        self.assert_no_secret(&text, "the report");
        let r: Value = serde_json::from_str(&text).unwrap();
        let n = self.steps.len();
        let incomplete: Vec<&Value> = r["unaccounted"]
            .as_array()
            .into_iter()
            .flatten()
            .chain(r["denied_and_asked"].as_array().into_iter().flatten())
            .filter(|c| c.get("missing").is_some())
            .collect();
        assert_eq!(
            (r["calls"].as_u64(), r["complete"].as_u64()),
            (Some(n as u64), Some(n as u64)),
            "{host}: missing {}; incomplete calls {incomplete:#?}\nreport: {r:#}",
            r["missing"]
        );
        assert_eq!(r["complete_share"], 1.0, "{r:#}");
        assert_eq!(r["records"], records, "{r:#}");
        assert_eq!(r["unreadable_lines"], 0, "{r:#}");
        assert_eq!(r["by_host"], serde_json::json!({ host: n }), "{r:#}");
        // Only an ask the host declined comes back with no outcome, and is listed.
        let unaccounted: Vec<&str> = r["unaccounted"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["fate"].as_str().unwrap())
            .collect();
        let asked = self
            .steps
            .iter()
            .filter(|s| s.fate == "asked-no-outcome")
            .count();
        assert_eq!(unaccounted, vec!["asked-no-outcome"; asked], "{r:#}");
        let sessions = r["sessions"].as_object().unwrap();
        assert_eq!(sessions.len(), 1, "{r:#}");
        let session = sessions.keys().next().unwrap().clone();

        // Call by call: decision and fate, allowed and refused told apart.
        let replay = self.audit(&["replay", &session, "--format", "json"], &trail);
        assert_eq!(replay.status.code(), Some(0), "{replay:?}");
        let text = String::from_utf8(replay.stdout).unwrap();
        self.assert_no_secret(&text, "the replay");
        let calls: Vec<Value> = serde_json::from_str(&text).unwrap();
        let got: Vec<(&str, &str, Option<&str>)> = calls
            .iter()
            .map(|c| {
                (
                    c["decision"].as_str().unwrap(),
                    c["fate"].as_str().unwrap(),
                    c["status"].as_str(),
                )
            })
            .collect();
        let want: Vec<(&str, &str, Option<&str>)> = self
            .steps
            .iter()
            .map(|s| (s.decision, s.fate, s.status))
            .collect();
        assert_eq!(got, want, "{host}: {calls:#?}");
        // Identity: the host's call id, or the key hookkit derives where it sends none.
        let derives = matches!(host, "gemini-cli" | "copilot-cli");
        for c in &calls {
            let args = c["args"].as_str().unwrap_or(c["purpose"].as_str().unwrap());
            assert!(!args.is_empty() && c["call_id"] != "-", "{c:#}");
            assert_eq!(c["derived"] == true, derives, "{c:#}");
        }
        let purposes: Vec<&str> = calls
            .iter()
            .map(|c| c["purpose"].as_str().unwrap())
            .collect();
        assert!(
            purposes[3].contains("[REDACTED entropy sha256:"),
            "the random word is masked by its digest: {purposes:?}"
        );

        // The production read that ran and the change that was refused.
        let line = |c: &Value| {
            format!(
                "{} {} {}",
                c["decision"].as_str().unwrap(),
                c["fate"].as_str().unwrap(),
                c["args"].as_str().unwrap_or(c["purpose"].as_str().unwrap())
            )
        };
        let reads: Vec<String> = r["production_reads"]
            .as_array()
            .unwrap()
            .iter()
            .map(line)
            .collect();
        let changes: Vec<String> = r["production_changes"]
            .as_array()
            .unwrap()
            .iter()
            .map(line)
            .collect();
        assert_eq!(reads.len(), 1, "{reads:?}");
        assert!(
            reads[0].starts_with("allow ran ")
                && reads[0].ends_with(": aws s3 ls s3://orders --profile prod"),
            "{reads:?}"
        );
        assert_eq!(changes.len(), 1, "{changes:?}");
        assert!(
            changes[0].starts_with("deny blocked ")
                && changes[0].ends_with(": aws s3 rb s3://orders --profile prod"),
            "{changes:?}"
        );

        // The chain verifies, and names the file and line of a removed record.
        let verified = self.audit(&["verify"], &trail);
        assert_eq!(verified.status.code(), Some(0), "{verified:?}");
        let file = &files[0];
        let text = std::fs::read_to_string(file).unwrap();
        let removed = 3;
        let kept: String = text
            .split_inclusive('\n')
            .enumerate()
            .filter(|(i, _)| i + 1 != removed)
            .map(|(_, l)| l)
            .collect();
        std::fs::write(file, kept).unwrap();
        let tampered = self.audit(&["verify"], &trail);
        let said = String::from_utf8_lossy(&tampered.stdout);
        assert_eq!(tampered.status.code(), Some(1), "{tampered:?}");
        assert!(
            said.contains(&format!("{}:{removed}: removed", file.display())),
            "{said}"
        );

        format!(
            "{host}: {n} calls, {} complete, {records} records; {:.1} s wall",
            r["complete"],
            kit.started.elapsed().as_secs_f64()
        )
    }

    fn audit(&self, args: &[&str], trail: &Path) -> Output {
        Command::new(env!("CARGO_BIN_EXE_hookkit-audit"))
            .args(args)
            .arg("--dir")
            .arg(trail)
            .output()
            .unwrap()
    }

    /// Fails when a planted secret occurs in `text`, showing each line that holds one with
    /// the secret itself replaced (the line's other fields say which record leaked it).
    #[track_caller]
    fn assert_no_secret(&self, text: &str, what: &str) {
        const NAMES: [&str; 3] = ["the build id", "the header token", "the file token"];
        for (s, name) in self.secrets.iter().zip(NAMES) {
            let leaks: Vec<String> = text
                .lines()
                .filter(|l| l.contains(s.as_str()))
                .map(|l| l.replace(s.as_str(), &format!("<{name}>")))
                .collect();
            assert!(
                leaks.is_empty(),
                "a planted secret ({name}) reached {what}:\n{}",
                leaks.join("\n")
            );
        }
    }
}
