//! The paths a tool call would write, move, delete, link, truncate or re-permission: its
//! write *targets*, resolved like the rest of hookkit resolves paths ([`PathContext`]:
//! `~`, `$HOME`, `$PWD`, relative to the call's working directory, `..`), plus what the
//! line itself says (`cd DIR`, `NAME=value`), or marked unresolved when they cannot be known.

use super::Surroundings;
use super::model::{McpWriter, Scope, TamperFile, Targets, Writer};
use crate::call::{ToolCall, ToolKind};
use crate::command::PathContext;
use crate::command::matcher;
use crate::decision::ActionClass;
use hookkit_shell::{Analysis, SimpleCommand, Word};
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::LazyLock;

/// The most candidate paths one word expands to (variables with several values, braces).
const MAX_CANDIDATES: usize = 32;
/// Most targets resolved on one line; the rest count as unresolved (a line naming a
/// protected path with more targets than this is asked about, not waved through). Keeps
/// a line with 100,000 operands within the deadline.
const MAX_TARGETS: usize = 4096;

/// One path a call would change.
#[derive(Debug, Clone)]
pub(crate) struct Target {
    /// What the call says, for the reason: `rm .hookkit.toml`, `> x`, `Write /p/x`.
    pub shown: String,
    /// The verb of the writer (`deletes`).
    pub what: String,
    /// The action class of a finding.
    pub class: ActionClass,
    /// File or tree.
    pub scope: Scope,
    /// The absolute, normalized paths it may be (several when a variable has several
    /// values or the line changed directory); may hold globs (`/p/.claude/*`).
    pub paths: Vec<PathBuf>,
    /// True when what it writes cannot be known statically (a substitution, `xargs`
    /// input, an archive's contents, a relative path after `cd "$X"`).
    pub unresolved: bool,
}

/// The targets of `call`: shell lines (and MCP shell tools) through the writers and
/// redirections, file tools through their path (every file an `apply_patch` names), MCP
/// tools through their arguments.
pub(crate) fn of_call(call: &ToolCall, file: &TamperFile, s: &Surroundings<'_>) -> Vec<Target> {
    match call.kind {
        ToolKind::Shell => call
            .command
            .as_deref()
            .map(|line| of_line(&hookkit_shell::analyze(line), line, file, s))
            .unwrap_or_default(),
        ToolKind::FileWrite => of_file_tool(call, s),
        ToolKind::Mcp => call
            .mcp
            .as_ref()
            .map(|m| of_mcp(&m.tool, &m.arguments, file, s))
            .unwrap_or_default(),
        ToolKind::FileRead | ToolKind::Other => Vec::new(),
    }
}

/// A file tool's path (`Write`, `Edit`, `write_file`, `create`…), or every file the
/// `apply_patch` body names (`*** Add File:`, `*** Update File:`, `*** Delete File:`,
/// `*** Move to:`; openai/codex `codex-rs/apply-patch`).
fn of_file_tool(call: &ToolCall, s: &Surroundings<'_>) -> Vec<Target> {
    let patch = call
        .content
        .as_deref()
        .filter(|c| c.contains("*** Begin Patch"));
    let deletes = call.tool_name == "Delete";
    let mut paths: Vec<&str> = Vec::new();
    if let Some(patch) = patch {
        for line in patch.lines() {
            let line = line.trim_end();
            for header in [
                "*** Add File: ",
                "*** Update File: ",
                "*** Delete File: ",
                "*** Move to: ",
            ] {
                if let Some(path) = line.strip_prefix(header) {
                    paths.push(path.trim());
                }
            }
        }
    }
    paths.extend(call.path.as_deref());
    let resolver = Resolver::new(s);
    paths
        .into_iter()
        .map(|p| {
            let (paths, unresolved) = resolver.resolve(&Word::literal(p));
            Target {
                shown: format!("{} {p}", call.tool_name),
                what: if deletes { "deletes" } else { "writes" }.to_owned(),
                class: if deletes {
                    ActionClass::Delete
                } else {
                    ActionClass::Modify
                },
                scope: if deletes { Scope::Tree } else { Scope::File },
                paths,
                unresolved,
            }
        })
        .collect()
}

/// An MCP tool's targets: its path arguments when a `[[mcp]]` table names the tool, and
/// the targets of its command arguments, checked as shell lines.
fn of_mcp(tool: &str, arguments: &Value, file: &TamperFile, s: &Surroundings<'_>) -> Vec<Target> {
    let mut out = Vec::new();
    let resolver = Resolver::new(s);
    let lower = tool.to_ascii_lowercase();
    for m in file.mcp.iter().filter(|m| names_tool(m, &lower)) {
        for name in &m.arguments {
            let mut values: Vec<&str> = Vec::new();
            match arguments.get(name) {
                Some(Value::String(v)) => values.push(v),
                Some(Value::Array(items)) => values.extend(items.iter().filter_map(Value::as_str)),
                _ => {}
            }
            for v in values {
                let (paths, unresolved) = resolver.resolve(&Word::literal(v));
                out.push(Target {
                    shown: format!("{tool} {name}={v}"),
                    what: m.what.clone(),
                    class: m.class,
                    scope: m.scope,
                    paths,
                    unresolved,
                });
            }
        }
        for name in &m.commands {
            if let Some(line) = arguments.get(name).and_then(Value::as_str) {
                out.extend(of_line(&hookkit_shell::analyze(line), line, file, s));
            }
        }
    }
    out
}

fn names_tool(m: &McpWriter, lower_tool: &str) -> bool {
    m.tools
        .iter()
        .any(|g| crate::config::glob_match(&g.to_ascii_lowercase(), lower_tool))
}

/// The targets of an analyzed shell `line`: every write redirection, and the target words
/// of every command a `[[writer]]` table matches, with `cd` and variable assignments
/// followed. A line the analysis could not follow to the end ([`not_followed`], or parse
/// errors) may write anything: an unresolved target, plus the targets of the writers
/// [`hookkit_shell::sweep`] finds in its text however deep they hide.
///
/// [`not_followed`]: crate::command::not_followed
pub(crate) fn of_line(
    analysis: &Analysis,
    line: &str,
    file: &TamperFile,
    s: &Surroundings<'_>,
) -> Vec<Target> {
    let mut resolver = Resolver::new(s);
    resolver.vars = assignments(analysis);
    let parse_error = !analysis.parse_errors.is_empty();
    let mut out = Vec::new();
    let mut swept = Vec::new();
    // Writers are found by name first: most commands of a long line are not one.
    let names = crate::command::swept::Names::of(file.writer.iter().map(|w| &w.matches));
    let not_followed = crate::command::not_followed(analysis);
    if parse_error || not_followed.is_some() {
        out.push(resolver.unknown(
            "(a line hookkit could not follow)",
            "may write",
            ActionClass::Modify,
            Scope::File,
        ));
        // From where the analysis stopped; a line it read whole but could not parse, all
        // of it.
        let from = not_followed.unwrap_or(0);
        swept = crate::command::swept::candidates(line, from, &names);
    }
    let classes = matcher::Classes::new(&s.paths);
    for cmd in analysis.commands.iter().chain(&swept) {
        if matches!(cmd.name(), "cd" | "pushd") {
            resolver.change_directory(cmd);
        }
        // `find -exec CMD {}` and `xargs -I{} CMD {}` fill `{}` in at run time.
        resolver.placeholder = cmd
            .wrappers
            .iter()
            .any(|w| w == "xargs" || w.starts_with("find -"));
        for r in &cmd.redirects {
            if r.op.writes() {
                out.push(resolver.target(
                    &r.target,
                    format!("> {}", r.target.text),
                    "writes",
                    ActionClass::Modify,
                    Scope::File,
                ));
            }
        }
        if !names.any(cmd.name()) {
            continue;
        }
        for w in &file.writer {
            let hit = matcher::evaluate(
                &w.matches,
                cmd,
                None,
                None,
                &classes,
                &|_| true,
                parse_error,
            );
            if matches!(hit, Ok(Some(_))) {
                out.extend(writer_targets(w, cmd, &resolver));
            }
        }
    }
    out
}

/// The target words of `cmd` for writer `w` (see [`Targets`]).
fn writer_targets(w: &Writer, cmd: &SimpleCommand, r: &Resolver<'_>) -> Vec<Target> {
    let name = cmd.name();
    let make = |word: &Word| {
        r.target(
            word,
            format!("{name} {}", word.text),
            &w.what,
            w.class,
            w.scope,
        )
    };
    let operands = matcher::operands(&w.matches, cmd);
    let mut out: Vec<Target> = Vec::new();
    let target_dir = option_values(cmd, &w.target_directory_options)
        .into_iter()
        .next();
    match (w.targets, &target_dir) {
        (Targets::Operands, _) => out.extend(operands.iter().map(|w| make(w))),
        (Targets::SourcesAndDestination | Targets::Destination, Some(dir)) => {
            if w.targets == Targets::SourcesAndDestination {
                out.extend(operands.iter().map(|w| make(w)));
            }
            out.extend(operands.iter().map(|src| make(&inside(dir, src))));
        }
        (Targets::SourcesAndDestination | Targets::Destination, None) => {
            if let Some((dest, sources)) = operands.split_last() {
                if w.targets == Targets::SourcesAndDestination || sources.is_empty() {
                    out.extend(sources.iter().map(|w| make(w)));
                }
                if sources.is_empty() {
                    // `ln -s TARGET`: the link is made in the working directory.
                    out.push(make(dest));
                    out.push(make(&inside(&Word::literal("."), dest)));
                } else if r.is_directory(dest) {
                    for src in sources {
                        if contents_of(cmd, src) {
                            // The destination, and whatever the copied entries are named
                            // in it (a glob target is tried with each protected name).
                            out.push(make(dest));
                            for any in ["*", ".*"] {
                                out.push(make(&inside(dest, &Word::literal(any))));
                            }
                        } else {
                            out.push(make(&inside(dest, src)));
                        }
                    }
                } else {
                    out.push(make(dest));
                }
            }
        }
        (Targets::Code, _) => {
            let mut code: String = cmd.args().collect::<Vec<_>>().join(" ");
            if let Some(stdin) = &cmd.stdin_text {
                code.push('\n');
                code.push_str(stdin);
            }
            for literal in string_literals(&code) {
                let word = Word {
                    dynamic: literal.contains("${"),
                    text: literal,
                };
                let (paths, unresolved) = r.resolve(&word);
                out.push(Target {
                    shown: format!("{name} … '{}' …", word.text),
                    what: w.what.clone(),
                    class: w.class,
                    scope: w.scope,
                    paths,
                    unresolved,
                });
            }
            // Code computes paths too (`'.cla' + 'ude'`, `os.path.join(…)`).
            out.push(r.unknown(name, &w.what, w.class, w.scope));
        }
        (Targets::Unknown, dir) => {
            out.push(r.unknown(name, &w.what, w.class, w.scope));
            // What it writes lands below the directory it is given (`tar -C DIR -x`,
            // `unzip -d DIR`): a folder that holds a protected path is reached.
            out.extend(dir.as_ref().map(make));
        }
        (Targets::None, _) => {}
    }
    for word in operands.iter() {
        for prefix in &w.prefixes {
            if let Some(rest) = word.text.strip_prefix(prefix.as_str()) {
                out.push(make(&Word {
                    text: rest.to_owned(),
                    dynamic: word.dynamic,
                }));
            }
        }
    }
    out.extend(option_values(cmd, &w.output_options).iter().map(make));
    // `xargs` adds operands read from standard input; `find -exec` fills in `{}`.
    if cmd.wrappers.iter().any(|w| w == "xargs") {
        out.push(r.unknown(name, &w.what, w.class, w.scope));
    }
    out
}

/// `DIR/basename(SRC)`: where `cp SRC DIR/` puts its copy.
/// True when `cmd` copies what is in the directory `src` rather than `src` itself, so its
/// entries land in the destination directory, whatever their names: `cp -r SRC/. DEST`,
/// `rsync -a SRC/ DEST` (a trailing slash), and `-T` (`--no-target-directory`: the
/// destination is the copy). cp(1), rsync(1).
fn contents_of(cmd: &SimpleCommand, src: &Word) -> bool {
    let text = src.text.trim_end_matches('/');
    text == "."
        || text.ends_with("/.")
        || cmd.name() == "rsync" && src.text.ends_with('/')
        || cmd.args().any(|a| {
            a == "--no-target-directory"
                || a.starts_with('-') && !a.starts_with("--") && a.contains('T')
        })
}

fn inside(dir: &Word, src: &Word) -> Word {
    let base = src
        .text
        .trim_end_matches('/')
        .rsplit('/')
        .next()
        .unwrap_or_default();
    Word {
        text: format!("{}/{base}", dir.text.trim_end_matches('/')),
        dynamic: dir.dynamic || src.dynamic,
    }
}

/// The values of `options` among `cmd`'s words: `-o FILE`, `--output=FILE`, `-oFILE`.
fn option_values(cmd: &SimpleCommand, options: &[String]) -> Vec<Word> {
    let mut out = Vec::new();
    let mut words = cmd.argv.iter().skip(1).peekable();
    while let Some(word) = words.next() {
        if word.text == "--" {
            break;
        }
        for opt in options {
            if word.text == *opt {
                if let Some(value) = words.peek() {
                    out.push((*value).clone());
                }
            } else if let Some(rest) = word.text.strip_prefix(opt.as_str()) {
                let attached = if opt.starts_with("--") {
                    rest.strip_prefix('=')
                } else if opt.chars().count() == 2 && !rest.is_empty() {
                    Some(rest)
                } else {
                    rest.strip_prefix('=').or_else(|| rest.strip_prefix(':'))
                };
                if let Some(value) = attached {
                    out.push(Word {
                        text: value.to_owned(),
                        dynamic: word.dynamic,
                    });
                }
            }
        }
    }
    out
}

/// The longest string literal of inline code taken for a path, in bytes.
const MAX_LITERAL_BYTES: usize = 4096;

/// The distinct quoted strings of inline code (`'…'`, `"…"`, `` `…` ``), at most
/// [`MAX_LITERAL_BYTES`] each, in order of first appearance.
fn string_literals(code: &str) -> Vec<String> {
    static LITERAL: LazyLock<Option<regex::Regex>> = LazyLock::new(|| {
        regex::Regex::new(r#"'((?:[^'\\\n]|\\.)+)'|"((?:[^"\\\n]|\\.)+)"|`((?:[^`\\]|\\.)+)`"#).ok()
    });
    let Some(re) = LITERAL.as_ref() else {
        return Vec::new();
    };
    let mut seen = std::collections::HashSet::new();
    re.captures_iter(code)
        .filter_map(|c| c.get(1).or_else(|| c.get(2)).or_else(|| c.get(3)))
        .filter(|m| m.len() <= MAX_LITERAL_BYTES)
        .map(|m| m.as_str().replace("\\'", "'").replace("\\\"", "\""))
        .filter(|l| seen.insert(l.clone()))
        .collect()
}

/// Literal values the line assigns to variables: `X=v`, `X=v cmd`, `export X=v`,
/// `declare X=v`… (every value, wherever on the line: a target may be any of them).
fn assignments(analysis: &Analysis) -> BTreeMap<String, Vec<String>> {
    let mut vars: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for cmd in &analysis.commands {
        let mut add = |name: &str, value: &Word| {
            if !value.dynamic {
                vars.entry(name.to_owned())
                    .or_default()
                    .push(value.text.clone());
            }
        };
        for (name, value) in &cmd.assignments {
            add(name, value);
        }
        if matches!(
            cmd.name(),
            "export" | "declare" | "local" | "readonly" | "typeset"
        ) {
            for word in cmd.argv.iter().skip(1) {
                if let Some((name, value)) = word.text.split_once('=') {
                    add(
                        name,
                        &Word {
                            text: value.to_owned(),
                            dynamic: word.dynamic,
                        },
                    );
                }
            }
        }
    }
    vars
}

/// Turns words into paths for one line: the working directories the line may be in, and
/// the variables it assigns.
struct Resolver<'a> {
    s: &'a Surroundings<'a>,
    /// Every directory the line may be working in (the call's, then each `cd`).
    cwds: Vec<PathBuf>,
    /// True after a `cd` to a directory that cannot be known.
    cwd_unknown: bool,
    /// True for a command run by `find -exec` or `xargs`, whose `{}` is filled in later.
    placeholder: bool,
    vars: BTreeMap<String, Vec<String>>,
    /// Targets resolved so far (at most [`MAX_TARGETS`]).
    resolved: std::cell::Cell<usize>,
}

impl<'a> Resolver<'a> {
    fn new(s: &'a Surroundings<'a>) -> Self {
        Resolver {
            s,
            cwds: vec![s.paths.cwd.clone()],
            cwd_unknown: false,
            placeholder: false,
            vars: BTreeMap::new(),
            resolved: std::cell::Cell::new(0),
        }
    }

    /// `cd DIR`/`pushd DIR`: from now on the line may be in DIR as well (kept as one more
    /// possibility: which branch of `a || cd x` ran is unknown).
    fn change_directory(&mut self, cmd: &SimpleCommand) {
        let dir = cmd.argv.iter().skip(1).find(|w| !w.text.starts_with('-'));
        let Some(dir) = dir else {
            self.cwds.extend(self.s.paths.home.clone());
            return;
        };
        let (paths, unresolved) = self.resolve(dir);
        self.cwd_unknown |= unresolved;
        for p in paths {
            if self.cwds.len() < MAX_CANDIDATES && !self.cwds.contains(&p) {
                self.cwds.push(p);
            }
        }
    }

    fn target(
        &self,
        word: &Word,
        shown: String,
        what: &str,
        class: ActionClass,
        scope: Scope,
    ) -> Target {
        let count = self.resolved.get();
        self.resolved.set(count.saturating_add(1));
        let (paths, unresolved) =
            if count >= MAX_TARGETS || self.placeholder && word.text.contains("{}") {
                (Vec::new(), true)
            } else {
                self.resolve(word)
            };
        Target {
            shown,
            what: what.to_owned(),
            class,
            scope,
            paths,
            unresolved,
        }
    }

    fn unknown(&self, name: &str, what: &str, class: ActionClass, scope: Scope) -> Target {
        Target {
            shown: name.to_owned(),
            what: what.to_owned(),
            class,
            scope,
            paths: Vec::new(),
            unresolved: true,
        }
    }

    /// True when `word` names a directory: it ends in `/`, or it is one on disk.
    fn is_directory(&self, word: &Word) -> bool {
        word.text.ends_with('/')
            || self
                .resolve(word)
                .0
                .iter()
                .any(|p| (self.s.is_dir)(p.as_path()))
    }

    /// The absolute paths `word` may be, and whether part of it cannot be known.
    fn resolve(&self, word: &Word) -> (Vec<PathBuf>, bool) {
        let direct = self.resolve_text(&word.text);
        if !direct.1 || !(word.dynamic || word.text.contains('$')) {
            return direct;
        }
        // `$HOME/x`, `${TMPDIR:-/tmp}/x` are PathContext's; anything else is expanded here.
        let Some(texts) = self.expand(&word.text) else {
            return (Vec::new(), true);
        };
        let mut out: Vec<PathBuf> = Vec::new();
        let mut unresolved = false;
        for text in texts {
            let (paths, u) = self.resolve_text(&text);
            unresolved |= u;
            for p in paths {
                if !out.contains(&p) && out.len() < MAX_CANDIDATES {
                    out.push(p);
                }
            }
        }
        (out, unresolved)
    }

    /// [`PathContext::resolve`] of `text` (its `{a,b}` alternatives spelled out) in every
    /// directory the line may be working in.
    fn resolve_text(&self, text: &str) -> (Vec<PathBuf>, bool) {
        let mut unresolved = false;
        let mut out: Vec<PathBuf> = Vec::new();
        for text in crate::command::glob_text::expand_braces(text) {
            let relative =
                !text.starts_with('/') && !text.starts_with('~') && !text.starts_with('$');
            unresolved |= relative && self.cwd_unknown;
            for cwd in &self.cwds {
                let ctx = PathContext {
                    cwd: cwd.clone(),
                    ..self.s.paths.clone()
                };
                match ctx.resolve(&Word::literal(text.clone())) {
                    Some(p) if !out.contains(&p) && out.len() < MAX_CANDIDATES => out.push(p),
                    Some(_) => {}
                    None => unresolved = true,
                }
                if !relative {
                    break;
                }
            }
        }
        (out, unresolved)
    }

    /// `text` with each `$NAME`/`${NAME}` replaced by every value the line assigns to it,
    /// else the home or working directory or the environment's value; `None` when any
    /// part stays unknown (`$(…)`, `${X:-…}`, an unset variable).
    fn expand(&self, text: &str) -> Option<Vec<String>> {
        if text.contains("$(") || text.contains('`') {
            return None;
        }
        let mut results = vec![String::new()];
        let mut rest = text;
        while let Some(at) = rest.find('$') {
            let (head, tail) = rest.split_at(at);
            results.iter_mut().for_each(|r| r.push_str(head));
            let tail = &tail[1..];
            let (name, after) = if let Some(braced) = tail.strip_prefix('{') {
                let (name, after) = braced.split_once('}')?;
                (name, after)
            } else {
                let end = tail
                    .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                    .unwrap_or(tail.len());
                tail.split_at(end)
            };
            if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
                return None;
            }
            let values = self.values_of(name)?;
            results = results
                .iter()
                .flat_map(|r| values.iter().map(move |v| format!("{r}{v}")))
                .take(MAX_CANDIDATES)
                .collect();
            rest = after;
        }
        results.iter_mut().for_each(|r| r.push_str(rest));
        Some(results)
    }

    fn values_of(&self, name: &str) -> Option<Vec<String>> {
        if let Some(values) = self.vars.get(name) {
            return Some(values.clone());
        }
        let known = match name {
            "HOME" => self
                .s
                .paths
                .home
                .as_ref()
                .map(|h| h.to_string_lossy().into_owned()),
            "PWD" => Some(self.s.paths.cwd.to_string_lossy().into_owned()),
            _ => (self.s.env)(name),
        };
        known.filter(|v| !v.is_empty()).map(|v| vec![v])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn literals_of_inline_code() {
        assert_eq!(
            string_literals(r#"open('.hookkit.toml','w').write("x = \"y\"")"#),
            [".hookkit.toml", "w", "x = \"y\""]
        );
        assert!(string_literals("print(1)").is_empty());
    }

    #[test]
    fn option_values_in_their_spellings() {
        let a = hookkit_shell::analyze("curl -o a --output=b -oc --output d https://x");
        let got: Vec<String> = option_values(&a.commands[0], &["-o".into(), "--output".into()])
            .into_iter()
            .map(|w| w.text)
            .collect();
        assert_eq!(got, ["a", "b", "c", "d"]);
    }
}
