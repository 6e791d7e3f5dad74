//! Does a [`CommandMatch`] hold for one simple command?

use super::paths::PathContext;
use crate::aws::{ActionKind, Resolution};
use crate::rules::{
    CommandMatch, FlagSpec, PathClass, RedirectKind, RedirectMatch, Tool, UnknownOperand,
};
use hookkit_shell::{RedirectOp, SimpleCommand, Word};
use std::cell::RefCell;
use std::collections::HashMap;
use std::path::Path;

/// The path classes of the words of one line, each computed once: a command with many
/// operands is tried by many rules, and classifying a path is the costly part.
pub(crate) struct Classes<'c, 'w> {
    ctx: &'c PathContext,
    memo: RefCell<HashMap<(&'w str, bool), PathClass>>,
}

impl<'c, 'w> Classes<'c, 'w> {
    /// An empty memo for words classified in `ctx`.
    pub(crate) fn new(ctx: &'c PathContext) -> Self {
        Classes {
            ctx,
            memo: RefCell::new(HashMap::new()),
        }
    }

    /// [`PathContext::classify`] of `word`, computed once per text.
    fn of(&self, word: &'w Word) -> PathClass {
        *self
            .memo
            .borrow_mut()
            .entry((word.text.as_str(), word.dynamic))
            .or_insert_with(|| self.ctx.classify(word))
    }
}

/// A simple command's words after the name, split into flags and positionals.
struct Split<'a> {
    flags: Vec<&'a str>,
    positionals: Vec<&'a Word>,
    /// Positionals after a `--`.
    after_double_dash: usize,
}

fn split<'a>(cmd: &'a SimpleCommand, tool: Option<&Tool>, m: &CommandMatch) -> Split<'a> {
    let takes_value = |w: &str| {
        tool.is_some_and(|t| t.value_options.iter().any(|o| o == w))
            || m.value_options.iter().any(|o| o == w)
    };
    let mut out = Split {
        flags: Vec::new(),
        positionals: Vec::new(),
        after_double_dash: 0,
    };
    let mut words = cmd.argv.iter().skip(1);
    let mut options_done = false;
    while let Some(word) = words.next() {
        let text = word.text.as_str();
        if options_done {
            out.positionals.push(word);
            out.after_double_dash += 1;
        } else if !text.starts_with('-') || text == "-" {
            out.positionals.push(word);
        } else if text == "--" {
            options_done = true;
        } else {
            out.flags.push(text);
            if takes_value(text) {
                words.next();
            }
        }
    }
    // A program's own program or pattern, when no option gave it, is not an operand.
    if let Some(options) = tool.and_then(|t| t.program_first.as_ref()) {
        let single = tool.is_some_and(|t| t.single_dash_words);
        let given = options
            .iter()
            .any(|spec| has_flag(&out.flags, spec, single).is_some());
        if !given && !out.positionals.is_empty() {
            out.positionals.remove(0);
            // Every positional after a `--` is counted there: the program was one of them
            // when all of them are.
            if out.after_double_dash > out.positionals.len() {
                out.after_double_dash -= 1;
            }
        }
    }
    out
}

/// The operands of `cmd` as `m` reads them: the positionals after its subcommand words
/// (the words a tamper writer changes, `crate::tamper`).
pub(crate) fn operands<'a>(m: &CommandMatch, cmd: &'a SimpleCommand) -> Vec<&'a Word> {
    let s = split(cmd, None, m);
    s.positionals
        .get(m.subcommand.len()..)
        .unwrap_or_default()
        .to_vec()
}

/// The flag word of `flags` that is one of the spellings of `spec` (`-rf` for `-r`).
fn has_flag(flags: &[&str], spec: &FlagSpec, single_dash_words: bool) -> Option<String> {
    for alt in &spec.alternatives {
        let found = if let Some(long) = alt.strip_prefix("--") {
            flags.iter().find(|f| {
                f.strip_prefix("--").is_some_and(|name| {
                    name == long || name.strip_prefix(long).is_some_and(|r| r.starts_with('='))
                })
            })
        } else if alt.chars().count() == 2 && !single_dash_words {
            let letter = alt.chars().nth(1);
            flags.iter().find(|f| {
                !f.starts_with("--")
                    && f.chars()
                        .skip(1)
                        .take_while(|c| c.is_ascii_alphanumeric())
                        .any(|c| Some(c) == letter)
            })
        } else {
            flags.iter().find(|f| **f == alt)
        };
        if let Some(word) = found {
            return Some((*word).to_owned());
        }
    }
    None
}

/// True when the flag word `flag` is one of the spellings of `specs`
/// ([`CommandMatch::flags_only`]): as written; `--name=…` (or Go-style `-name=…`) as
/// `--name` (`-name`); a cluster of one-letter flags (`-lx`) when each letter is listed,
/// unless `single_dash_words`.
fn flag_listed(flag: &str, specs: &[FlagSpec], single_dash_words: bool) -> bool {
    let alternatives = specs.iter().flat_map(|s| &s.alternatives);
    if alternatives.clone().any(|a| a == flag) {
        return true;
    }
    if let Some((name, _)) = flag.split_once('=') {
        return alternatives.clone().any(|a| a == name);
    }
    if flag.starts_with("--") {
        return false;
    }
    let Some(letters) = flag.strip_prefix('-') else {
        return false;
    };
    !single_dash_words
        && !letters.is_empty()
        && letters.chars().all(|c| {
            alternatives
                .clone()
                .any(|a| a.strip_prefix('-').is_some_and(|l| l.chars().eq([c])))
        })
}

/// What made a match fire, to show the model: the command name, the subcommand and the
/// words that met the conditions (never the whole command line, which may hold secrets).
pub(crate) struct Hit {
    pub words: Vec<String>,
}

/// Evaluate `m` on `cmd`, classifying paths through `classes`; `resolution` is what the
/// tool's action table makes of the command (`None`: no table, every kind `unknown`).
/// `Ok(None)`: no match. `Err`: a glob in the rule does not compile.
pub(crate) fn evaluate<'w>(
    m: &CommandMatch,
    cmd: &'w SimpleCommand,
    tool: Option<&Tool>,
    resolution: Option<&Resolution>,
    classes: &Classes<'_, 'w>,
    exists: &dyn Fn(&Path) -> bool,
    parse_error: bool,
) -> Result<Option<Hit>, String> {
    let ctx = classes.ctx;
    if m.opaque
        .as_ref()
        .is_some_and(|o| !o.holds(cmd.opaque.as_ref()))
    {
        return Ok(None);
    }
    if m.stdin.is_some_and(|want| want != cmd.stdin_text.is_some()) {
        return Ok(None);
    }
    if m.parse_error.is_some_and(|want| want != parse_error) {
        return Ok(None);
    }
    let name = cmd.name();
    if !m.names(name)? || m.command_none.iter().any(|c| c == name) {
        return Ok(None);
    }
    let mut hit = Hit {
        words: vec![name.to_owned()],
    };
    let s = split(cmd, tool, m);
    if s.positionals.len() < m.subcommand.len() {
        return Ok(None);
    }
    for (want, word) in m.subcommand.iter().zip(&s.positionals) {
        if !CommandMatch::subcommand_word(want, &word.text) {
            return Ok(None);
        }
        hit.words.push(word.text.clone());
    }
    if !m.verbs.is_empty() {
        match super::verbs::verb_hit(&m.verbs, cmd) {
            Some(word) => hit.words.push(word.text.clone()),
            None => return Ok(None),
        }
    }
    if !m.action.is_empty() {
        let unknown = [ActionKind::Unknown];
        let kinds = resolution.map_or(&unknown[..], |r| &r.kinds);
        if !m.action.iter().any(|k| kinds.contains(k)) {
            return Ok(None);
        }
        if let Some(r) = resolution.filter(|r| !r.actions.is_empty()) {
            hit.words.push("=".into());
            hit.words.extend(r.of_kinds(&m.action));
        }
    }
    let operands = s.positionals.get(m.subcommand.len()..).unwrap_or_default();
    if m.double_dash
        .is_some_and(|want| want != (s.after_double_dash > 0))
    {
        return Ok(None);
    }
    if m.max_operands.is_some_and(|max| operands.len() > max)
        || m.min_operands.is_some_and(|min| operands.len() < min)
    {
        return Ok(None);
    }
    let single = tool.is_some_and(|t| t.single_dash_words);
    for spec in &m.flags_all {
        match has_flag(&s.flags, spec, single) {
            Some(f) => hit.words.push(f),
            None => return Ok(None),
        }
    }
    if !m.flags_any.is_empty() {
        match m
            .flags_any
            .iter()
            .find_map(|spec| has_flag(&s.flags, spec, single))
        {
            Some(f) => hit.words.push(f),
            None => return Ok(None),
        }
    }
    if m.flags_none
        .iter()
        .any(|spec| has_flag(&s.flags, spec, single).is_some())
    {
        return Ok(None);
    }
    if !m.flags_only.is_empty()
        && !s
            .flags
            .iter()
            .all(|f| flag_listed(f, &m.flags_only, single))
    {
        return Ok(None);
    }
    if !m.args_any.is_empty() || !m.args_none.is_empty() {
        let globs = m.compiled()?;
        if !m.args_any.is_empty() {
            match operands.iter().find(|w| globs.args_any.is_match(&w.text)) {
                Some(w) => hit.words.push(w.text.clone()),
                None => return Ok(None),
            }
        }
        if operands.iter().any(|w| globs.args_none.is_match(&w.text)) {
            return Ok(None);
        }
    }
    if m.text_regex.is_some() {
        let Some(re) = &m.compiled()?.text_regex else {
            return Ok(None);
        };
        let joined = cmd.args().collect::<Vec<_>>().join(" ");
        let found = re
            .find(&joined)
            .or_else(|| cmd.stdin_text.as_deref().and_then(|t| re.find(t)));
        match found {
            Some(m) => hit.words.push(m.as_str().chars().take(60).collect()),
            None => return Ok(None),
        }
    }
    if !m.operands_in.is_empty() {
        match operands
            .iter()
            .find(|w| m.operands_in.contains(&classes.of(w)))
        {
            Some(w) => hit.words.push(w.text.clone()),
            None => return Ok(None),
        }
    }
    if !m.operands_unknown.is_empty() {
        match operands.iter().find(|w| {
            let kind = if w.from_input() {
                UnknownOperand::Input
            } else if w.dynamic && ctx.resolve(w).is_none() {
                UnknownOperand::Computed
            } else {
                return false;
            };
            m.operands_unknown.contains(&kind)
        }) {
            Some(w) => hit.words.push(w.text.clone()),
            None => return Ok(None),
        }
    }
    if !m.target_in.is_empty() || m.target_exists.is_some() || !m.target_none.is_empty() {
        let Some(target) = operands.last() else {
            return Ok(None);
        };
        if !m.target_none.is_empty() && m.compiled()?.target_none.is_match(&target.text) {
            return Ok(None);
        }
        if !m.target_in.is_empty() && !m.target_in.contains(&classes.of(target)) {
            return Ok(None);
        }
        let exists_as_wanted = |want: bool| ctx.resolve(target).is_some_and(|p| exists(&p) == want);
        if m.target_exists.is_some_and(|want| !exists_as_wanted(want)) {
            return Ok(None);
        }
        hit.words.push(target.text.clone());
    }
    if let Some(r) = &m.redirect {
        // The files the command reads, resolved once: a command may have very many
        // redirections.
        let read: Option<std::collections::HashSet<_>> = r
            .reads_target
            .then(|| read_paths(cmd, operands.iter().copied(), ctx).collect());
        match cmd.redirects.iter().find(|red| {
            redirect_matches(r, red.op, &red.target, classes, exists)
                && read.as_ref().is_none_or(|read| {
                    !red.target.dynamic
                        && ctx.resolve(&red.target).is_some_and(|p| read.contains(&p))
                })
        }) {
            Some(red) => hit.words.push(format!(">{}", red.target.text)),
            None => return Ok(None),
        }
    }
    Ok(Some(hit))
}

/// The files `cmd` reads, resolved: `operands` and the targets of its input
/// redirections (words known only at run time left out).
pub(crate) fn read_paths<'a>(
    cmd: &'a SimpleCommand,
    operands: impl Iterator<Item = &'a Word> + 'a,
    ctx: &'a PathContext,
) -> impl Iterator<Item = std::path::PathBuf> + 'a {
    let inputs = cmd
        .redirects
        .iter()
        .filter(|r| r.op.reads())
        .map(|r| &r.target);
    operands
        .chain(inputs)
        .filter(|w| !w.dynamic)
        .filter_map(|w| ctx.resolve(w))
}

fn redirect_matches<'w>(
    r: &RedirectMatch,
    op: RedirectOp,
    target: &'w Word,
    classes: &Classes<'_, 'w>,
    exists: &dyn Fn(&Path) -> bool,
) -> bool {
    let truncates = op.truncates();
    let appends = matches!(op, RedirectOp::Append | RedirectOp::AppendAll);
    let op_ok = r.ops.iter().any(|k| match k {
        RedirectKind::Truncate => truncates,
        RedirectKind::Append => appends,
        RedirectKind::Write => truncates || appends,
    });
    if !op_ok || !r.classes.contains(&classes.of(target)) {
        return false;
    }
    match r.exists {
        None => true,
        Some(want) => classes
            .ctx
            .resolve(target)
            .is_some_and(|p| exists(&p) == want),
    }
}

#[cfg(test)]
mod tests {
    use crate::command::check_line;
    use crate::rules::RuleSet;
    use crate::rules::check::example_context;

    /// The rules of `toml`, and a rule `t.NAME` for each `(NAME, match)` of `matches`
    /// (a `[[rule.match]]` table's lines).
    fn rules(toml: &str, matches: &[(&str, &str)]) -> RuleSet {
        let mut text = toml.to_owned();
        for (name, m) in matches {
            text.push_str(&format!(
                "[[rule]]\nid = \"t.{name}\"\nclass = \"read\"\nseverity = \"low\"\n\
                 message = \"m\"\nwhy = \"w\"\ninstead = \"i\"\n[[rule.match]]\n{m}\n"
            ));
        }
        let mut set = RuleSet::default();
        set.add_source(std::path::Path::new("t.toml"), &text)
            .unwrap();
        set
    }

    /// The ids of the rules of `set` that fire on `line`, sorted.
    fn fired(set: &RuleSet, line: &str) -> Vec<String> {
        let mut ids: Vec<String> = check_line(line, set, &example_context(), &|_| true)
            .unwrap()
            .into_iter()
            .map(|f| f.rule_id)
            .collect();
        ids.sort();
        ids
    }

    /// `flags_only`: every flag must be listed; clusters of listed letters and `--name=…`
    /// pass, a single-dash word passes only as written.
    #[test]
    fn flags_only_is_an_allowlist_of_flags() {
        let set = rules(
            "",
            &[(
                "read",
                "command = [\"tool\"]\nflags_only = [\"-l|--long\", \"-x\", \"-d1\"]",
            )],
        );
        let fires = |line: &str| !fired(&set, line).is_empty();
        for yes in [
            "tool a",
            "tool -l a",
            "tool -lx a",
            "tool --long=full a",
            "tool -d1 a",
            "tool -d1=2 a",
        ] {
            assert!(fires(yes), "{yes}");
        }
        for no in [
            "tool -w a",
            "tool -lw a",
            "tool --longer a",
            "tool --longer=x a",
            "tool -d2 a",
            "tool -l -o f",
            "tool -lw=x a",
        ] {
            assert!(!fires(no), "{no}");
        }
    }

    /// `program_first`: the first operand is the tool's program, not an operand, unless an
    /// option gave the program (in any spelling); after a `--`, it is not one of the
    /// operands that follow it.
    #[test]
    fn a_program_first_tool_s_first_operand_is_not_an_operand() {
        let set = rules(
            "[[tool]]\nname = \"find-in\"\nprogram_first = [\"-e|--regexp\", \"-f\"]\n",
            &[
                ("secret", "command = [\"find-in\"]\nargs_any = [\"*.key\"]"),
                ("after-dash", "command = [\"find-in\"]\ndouble_dash = true"),
            ],
        );
        for (line, want) in [
            ("find-in .key data.json", &[][..]),
            ("find-in x a.key", &["t.secret"][..]),
            ("find-in -e .key a.key", &["t.secret"]),
            ("find-in -e .key data.json", &["t.secret"]),
            ("find-in --regexp=x a.key", &["t.secret"]),
            ("find-in -ie x a.key", &["t.secret"]),
            ("find-in -f pats a.key", &["t.secret"]),
            ("find-in -- .key data.json", &["t.after-dash"]),
            ("find-in -- .key", &[]),
            ("find-in -- x a.key", &["t.secret", "t.after-dash"]),
            ("find-in -i x -- a.key", &["t.secret", "t.after-dash"]),
        ] {
            let mut want: Vec<String> = want.iter().map(|s| s.to_string()).collect();
            want.sort();
            assert_eq!(fired(&set, line), want, "{line}");
        }
    }
}
