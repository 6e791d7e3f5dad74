//! The rule catalogue: every rule skill-lint can report, with its stable id, default
//! severity, summary, documentation and source. Rule ids are a public contract (the list is
//! snapshotted in `tests/rules.rs`); `docs/skill-lint/rules.md` is generated from this table.

use serde::Serialize;

/// How bad a finding is. `--strict` makes warnings fail too.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Worth fixing; fails only under `--strict`.
    Warning,
    /// Some host rejects or misreads the skill.
    Error,
}

impl Severity {
    /// `error` or `warning`.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

/// One rule's definition.
#[derive(Debug, Clone, Copy)]
pub struct Rule {
    /// Stable id, `family.kebab-name`.
    pub id: &'static str,
    /// Default severity (a profile may drop a rule, never change its id).
    pub severity: Severity,
    /// One line: what is wrong.
    pub summary: &'static str,
    /// Why it matters, which hosts disagree, and what to do.
    pub doc: &'static str,
    /// Where the rule comes from (spec section, host source).
    pub source: &'static str,
    /// Whether `--fix` repairs it.
    pub fixable: bool,
}

const SPEC: &str = "Agent Skills specification (shared/specs/agent-skills-specification.mdx)";
const SPEC_FM: &str = "Agent Skills specification, \"SKILL.md format\" > \"Frontmatter\" (agent-skills-specification.mdx)";
const CODEX_LOADER: &str = "openai/codex codex-rs/core-skills/src/loader.rs (commit c9d127cf): extract_frontmatter, parse_skill_file, MAX_NAME_LEN = 64";
const CLAUDE_API: &str =
    "Claude API skill upload rules (name: no reserved words `anthropic`/`claude`, no XML tags)";

use Severity::{Error, Warning};

macro_rules! rule {
    ($id:literal, $sev:expr, $fix:literal, $summary:literal, $src:expr, $doc:literal) => {
        Rule {
            id: $id,
            severity: $sev,
            summary: $summary,
            doc: $doc,
            source: $src,
            fixable: $fix,
        }
    };
}

/// Every rule, in documentation order.
pub const RULES: &[Rule] = &[
    rule!(
        "file.name",
        Error,
        false,
        "the skill file is not named exactly `SKILL.md`",
        SPEC,
        "Hosts look for the exact file name `SKILL.md` (case-sensitive on Linux). A `skill.md` or `Skill.md` is never loaded on a case-sensitive file system. Rename the file."
    ),
    rule!(
        "file.not-utf8",
        Error,
        false,
        "the file is not valid UTF-8",
        CODEX_LOADER,
        "Codex reads the file with `fs::read_to_string`, which fails on invalid UTF-8, so the skill is skipped. Re-save the file as UTF-8."
    ),
    rule!(
        "file.bom",
        Error,
        true,
        "the file starts with a UTF-8 byte order mark",
        CODEX_LOADER,
        "Codex compares the trimmed first line with `---`; a BOM is not whitespace, so Codex finds no frontmatter and skips the skill, while other hosts strip it. `--fix` removes the BOM."
    ),
    rule!(
        "file.empty",
        Error,
        false,
        "the file is empty",
        SPEC,
        "A SKILL.md must contain YAML frontmatter with `name` and `description`."
    ),
    rule!(
        "frontmatter.missing",
        Error,
        false,
        "line 1 is not `---`: no frontmatter",
        SPEC,
        "The frontmatter must start on line 1 with exactly `---`. Without it no host reads a name or description."
    ),
    rule!(
        "frontmatter.fence-whitespace",
        Warning,
        true,
        "a frontmatter fence has trailing whitespace",
        SPEC,
        "Write each fence as exactly `---`. Some loaders match the line exactly and miss a fence with trailing blanks. `--fix` normalizes the fence."
    ),
    rule!(
        "frontmatter.unclosed",
        Error,
        true,
        "no closing `---` at column 0",
        SPEC,
        "The frontmatter must end with a line that is exactly `---` at column 0. When the only candidate is indented, `--fix` moves it to column 0 (the reading Codex already has)."
    ),
    rule!(
        "frontmatter.indented-fence",
        Error,
        false,
        "an indented `---` line inside the frontmatter",
        CODEX_LOADER,
        "Codex ends the frontmatter at the first line whose trimmed text is `---`, even when indented; YAML parsers (Claude Code) treat it as content. The two hosts then read different fields. Remove the line or quote the text."
    ),
    rule!(
        "frontmatter.empty",
        Error,
        false,
        "the frontmatter is empty",
        CODEX_LOADER,
        "Codex treats an empty frontmatter as missing; every host then lacks a name and description."
    ),
    rule!(
        "frontmatter.not-mapping",
        Error,
        false,
        "the frontmatter is not a YAML mapping",
        SPEC_FM,
        "The frontmatter must be a mapping of `key: value` lines."
    ),
    rule!(
        "yaml.syntax",
        Error,
        false,
        "the frontmatter is not valid YAML",
        SPEC_FM,
        "Strict parsers (Codex's serde_yaml) skip the skill; Claude Code loads it with every field silently dropped. The position is the parser's, mapped to the file."
    ),
    rule!(
        "yaml.duplicate-key",
        Error,
        false,
        "a key appears twice in one mapping",
        "YAML 1.2.2 section 3.2.1.1 (mapping keys are unique)",
        "YAML forbids duplicate keys. Strict parsers (Codex) reject the file; lenient ones keep the first or the last value, so hosts disagree on the value."
    ),
    rule!(
        "yaml.tab",
        Error,
        false,
        "a tab character in the indentation",
        "YAML 1.2.2 section 6.1 (tabs are not indentation)",
        "YAML indentation must be spaces. Parsers reject or misread tab-indented lines. Replace tabs with spaces."
    ),
    rule!(
        "yaml.ambiguous-scalar",
        Error,
        true,
        "an unquoted value that a YAML parser reads as a boolean, number, date or null",
        SPEC_FM,
        "`no`, `on`, `yes`, `0755`, `1.0`, `2024-12-01`, `null`, `~` are not strings to every parser: YAML 1.1 parsers (PyYAML in quick_validate.py) read `no` as false and `2024-12-01` as a date; YAML 1.2 parsers read `1.0` as a number. A string field then has the wrong type or a changed value (`1.10` becomes `1.1`). Error where a YAML 1.2 parser already reads a non-string, warning where only YAML 1.1 parsers do. `--fix` quotes the value."
    ),
    rule!(
        "yaml.comment-cut",
        Warning,
        false,
        "a plain value is cut at ` #`",
        "YAML 1.2.2 section 6.6 (comments)",
        "In a plain (unquoted) value, ` #` starts a comment: everything after it is dropped. If the `#` text belongs to the value, quote the value."
    ),
    rule!(
        "yaml.dashes-in-value",
        Warning,
        false,
        "a value contains `---`",
        "skills-ref (agentskills/agentskills) splits the file on the substring `---`",
        "The reference validator skills-ref splits SKILL.md on the substring `---`, so a value containing it is truncated there. Use another dash sequence."
    ),
    rule!(
        "yaml.escaped-prose",
        Error,
        false,
        "prose that escaped a block scalar became a top-level key",
        SPEC_FM,
        "The common case: a multi-line `description: >-` whose continuation line is indented less than the block (often after a blank line). YAML ends the block there and reads the next line, `Use when: ...`, as a new top-level key; the description silently loses that text and the skill gains a bogus field. Indent every line of the block by the same amount, or quote the description."
    ),
    rule!(
        "field.unknown",
        Error,
        false,
        "a frontmatter key the profile does not allow",
        SPEC_FM,
        "The spec defines six keys: name, description, license, compatibility, metadata, allowed-tools. skills-ref rejects others; Codex and Claude Code ignore the ones they do not know. Host profiles allow their own keys (`--profile claude-code` allows when_to_use, argument-hint, ...). Put custom data under `metadata`."
    ),
    rule!(
        "field.type",
        Error,
        false,
        "a field has the wrong YAML type",
        SPEC_FM,
        "name, description, license, compatibility and allowed-tools are strings; metadata is a map. Codex deserializes name and description as strings and skips the skill otherwise."
    ),
    rule!(
        "name.missing",
        Error,
        false,
        "`name` is missing or empty",
        "Agent Skills specification, \"name field\"",
        "`name` is required by the spec and the Claude API. Claude Code and Codex fall back to the directory name, other hosts skip the skill. An empty `name:` is reported the same way (YAML reads it as null, not as a name)."
    ),
    rule!(
        "name.too-long",
        Error,
        false,
        "`name` is longer than 64 characters (after NFKC)",
        "Agent Skills specification, \"name field\"",
        "Names are 1-64 characters, counted after Unicode NFKC normalization (as skills-ref does)."
    ),
    rule!(
        "name.not-kebab",
        Error,
        false,
        "`name` is not lowercase kebab-case",
        "Agent Skills specification, \"name field\"",
        "Only `a-z`, `0-9` and `-`; no leading, trailing or doubled hyphen."
    ),
    rule!(
        "name.not-nfkc",
        Warning,
        false,
        "`name` changes under Unicode NFKC normalization",
        "Agent Skills specification, \"name field\"; skills-ref normalizes with NFKC",
        "skills-ref compares names after NFKC; a name with compatibility characters (full-width letters, ligatures) compares differently on different hosts."
    ),
    rule!(
        "name.directory-mismatch",
        Error,
        false,
        "`name` differs from the skill's directory name",
        "Agent Skills specification, \"name field\" (must match the parent directory name)",
        "The spec requires the name to equal the directory name. Rename one of them."
    ),
    rule!(
        "name.reserved-word",
        Error,
        false,
        "`name` contains a reserved word (`anthropic`, `claude`)",
        CLAUDE_API,
        "The Claude API refuses skills whose name contains `anthropic` or `claude`."
    ),
    rule!(
        "name.xml",
        Error,
        false,
        "`name` contains XML tags",
        CLAUDE_API,
        "The Claude API refuses names with XML tags."
    ),
    rule!(
        "name.qualified-too-long",
        Error,
        false,
        "`<plugin>:<skill>` is longer than Codex accepts (64)",
        CODEX_LOADER,
        "Inside a plugin (a parent directory with `.codex-plugin/plugin.json` or `.claude-plugin/plugin.json`), Codex names the skill `<plugin>:<name>` and validates that against MAX_NAME_LEN = 64 characters; longer ones are skipped. Shorten the plugin or skill name."
    ),
    rule!(
        "description.missing",
        Error,
        false,
        "`description` is missing",
        "Agent Skills specification, \"description field\"",
        "`description` is required; Codex skips a skill without one."
    ),
    rule!(
        "description.empty",
        Error,
        false,
        "`description` is empty",
        "Agent Skills specification, \"description field\"",
        "The description must be 1-1024 characters; an empty one is rejected by Codex and skills-ref."
    ),
    rule!(
        "description.too-long",
        Error,
        false,
        "`description` is longer than 1024 characters",
        "Agent Skills specification, \"description field\"; Codex MAX_DESCRIPTION_LEN",
        "Descriptions are at most 1024 characters (Unicode scalar values, as Codex counts)."
    ),
    rule!(
        "description.utf16-length",
        Warning,
        false,
        "`description` fits in 1024 characters but not in 1024 UTF-16 units",
        "JavaScript String.length counts UTF-16 code units",
        "Hosts written in JavaScript (Claude Code) measure length in UTF-16 code units, where characters outside the Basic Multilingual Plane (emoji) count twice. Near the limit, they may disagree with Codex and skills-ref."
    ),
    rule!(
        "description.angle-brackets",
        Error,
        false,
        "`description` contains `<` or `>`",
        CLAUDE_API,
        "The Claude API refuses descriptions containing XML tags; any `<` or `>` risks it."
    ),
    rule!(
        "description.listing-too-long",
        Warning,
        false,
        "`description` + `when_to_use` exceed Claude Code's 1536-character listing",
        "Claude Code skills documentation (skill listing budget)",
        "Claude Code shows the description and when_to_use together in its skill listing and cuts them at 1536 characters; the rest never reaches the model."
    ),
    rule!(
        "compatibility.length",
        Error,
        false,
        "`compatibility` is not 1-500 characters",
        "Agent Skills specification, \"compatibility field\"",
        "When present, compatibility must be 1-500 characters."
    ),
    rule!(
        "metadata.not-string-map",
        Error,
        false,
        "`metadata` is not a map from strings to strings",
        "Agent Skills specification, \"metadata field\"",
        "metadata maps string keys to string values. Quote numbers and booleans (`version: \"1.0\"`); nest no maps or lists."
    ),
    rule!(
        "allowed-tools.not-string",
        Warning,
        false,
        "`allowed-tools` is not a space-separated string",
        "Agent Skills specification, \"allowed-tools field\"",
        "The spec defines allowed-tools as one space-separated string. Claude Code also accepts a YAML list; other hosts do not."
    ),
    rule!(
        "project.required-field",
        Error,
        false,
        "a field required by `.hookkit.toml` is missing",
        ".hookkit.toml [skill_lint] required_fields",
        "The project requires this field in every skill."
    ),
    rule!(
        "project.forbidden-field",
        Error,
        false,
        "a field forbidden by `.hookkit.toml` is present",
        ".hookkit.toml [skill_lint] forbidden_fields",
        "The project forbids this field (glob patterns such as `owner_*` allowed)."
    ),
    rule!(
        "project.name-pattern",
        Error,
        false,
        "`name` does not match the project's name pattern",
        ".hookkit.toml [skill_lint] name_pattern",
        "The project requires names to match a regular expression."
    ),
    rule!(
        "project.description-too-short",
        Error,
        false,
        "`description` is shorter than the project's minimum",
        ".hookkit.toml [skill_lint] min_description_length",
        "The project requires descriptions of at least this many characters."
    ),
    rule!(
        "body.too-long",
        Warning,
        false,
        "SKILL.md is over 500 lines or about 5000 tokens",
        "Agent Skills specification, \"Progressive disclosure\"",
        "The whole file is loaded when the skill is activated. Keep it under 500 lines and about 5000 tokens (estimated as characters / 4); move detail into referenced files."
    ),
    rule!(
        "body.broken-link",
        Warning,
        false,
        "a relative link or file reference does not resolve",
        "Agent Skills specification, \"File references\"",
        "Checked in SKILL.md and every other Markdown file of the skill, outside code fences: the target of every relative Markdown link `[text](path)` and image, outside inline code, and every inline code span that is a path starting `scripts/`, `references/` or `assets/` (a file reference). A link or file reference is reported only when it resolves neither from the skill root, which the spec makes paths relative to, nor from its own file's folder (where Markdown viewers follow links). A code path that is the text of a link (the link text written in backticks) is the link's label: the link's target is what is checked. Paths a setup step creates (`node_modules/`, `__pycache__/`, `.venv/`, `dist/`, `build/`, `target/`, lock files) and links holding a placeholder are not checked. When the skill has a file of the same name elsewhere, or a path a few edits away, the hint says `did you mean` it. An inline code path that is an example of a layout rather than one of this skill's files is not checked: when its sentence introduces an example (`for example`, `for instance`, `e.g.`, `such as`, a label `Example:` or `**Examples**:`) or an output of the workflow (a label `Output:`), when a skill named in backticks earlier on the line is a sibling skill holding it (\"the `agents-build` skill and its `references/payments.md`\"), when `a`, `an` or `like` directly leads it (\"a `scripts/rotate_pdf.py` script\", \"files like `assets/logo.png`\"), when it continues an enumeration (`, `, `and`, `or`) of such paths, or when it holds a placeholder (`<name>`, `{x}`, `*`, `...`, `$VAR`, a segment starting `my_` or `your_`). Write a path you mean as a reference plainly (\"run `scripts/<name>.py`\" with the real name) or as a link, which is always checked."
    ),
    rule!(
        "body.backslash-path",
        Warning,
        false,
        "a file path uses backslashes",
        "Agent Skills specification, \"File references\"",
        "Use `/` in paths: backslashes only work on Windows."
    ),
    rule!(
        "body.unclosed-fence",
        Warning,
        false,
        "a code fence is never closed",
        "CommonMark 0.31 section 4.5 (fenced code blocks)",
        "An unclosed ``` fence swallows the rest of the file into a code block."
    ),
    rule!(
        "folder.nested-skill",
        Warning,
        false,
        "a SKILL.md inside another skill's folder",
        CODEX_LOADER,
        "Codex scans skill roots recursively and registers the nested SKILL.md as a second skill (even when git ignores it); Claude Code does not. Move it out or rename it."
    ),
    rule!(
        "folder.duplicate-name",
        Error,
        false,
        "two skills have the same name",
        SPEC,
        "Hosts register skills by name; the second one shadows or is shadowed by the first. Names must be unique within one namespace: a plugin (the nearest ancestor of the skill folder with `plugin.json`, `.claude-plugin/plugin.json`, `.codex-plugin/plugin.json`, `.cursor-plugin/plugin.json` or `gemini-extension.json`; hosts name its skills `<plugin>:<skill>`), else the git repository the skill is in, else everything the run covers. So the same skill copied into several plugins, or into a plugin and a plain skills folder, is not a clash; two skills of one plugin or one repository's skills folders with the same name are. Sibling skill folders the run was not given (pre-commit passes only changed files) count too."
    ),
    rule!(
        "content.credential",
        Error,
        false,
        "a credential (API key, token, private key, password) is written in the skill's files",
        "hookkit-policy secret rules (crates/policy/rules/secrets/*.toml: hookkit's own and gitleaks' rules, MIT)",
        "A skill is shared: everyone who installs it, and every model that loads it, gets what its files hold. SKILL.md and every text file in the skill folder (scripts, references, hidden files such as `.env`) are scanned with hookkit-policy's built-in secret rules; `.git`, what `.gitignore` excludes, nested skills, binary files (a NUL byte in the first 8000 bytes) and files over 1 MiB are skipped. Obvious placeholders (`your-api-key`, `xxxx`, `${VAR}`, AWS's `...EXAMPLE` keys) are not findings. The finding shows the secret masked (`ghp_…(40 chars)`), never the value. Move the value to an environment variable or a secret manager and read it at run time, then rotate it: it has been exposed."
    ),
];

/// The rule with this id.
pub fn rule(id: &str) -> Option<&'static Rule> {
    RULES.iter().find(|r| r.id == id)
}

/// `docs/skill-lint/rules.md`, generated from [`RULES`].
pub fn rules_markdown() -> String {
    let mut out = String::from(
        "# skill-lint rules\n\n<!-- Generated from crates/skill-lint/src/rules.rs; regenerate with `HOOKKIT_BLESS=1 cargo test -p skill-lint --test rules`. -->\n\n| id | severity | fix | summary |\n|---|---|---|---|\n",
    );
    for r in RULES {
        out.push_str(&format!(
            "| [`{}`](#{}) | {} | {} | {} |\n",
            r.id,
            r.id.replace('.', ""),
            r.severity.as_str(),
            if r.fixable { "yes" } else { "" },
            r.summary
        ));
    }
    for r in RULES {
        out.push('\n');
        out.push_str(&explain(r));
    }
    out
}

/// The documentation of one rule, as `skill-lint explain` prints it (Markdown).
pub fn explain(r: &Rule) -> String {
    format!(
        "## {}\n\n{} ({}{}).\n\n{}\n\nSource: {}.\n",
        r.id,
        capitalize(r.summary),
        r.severity.as_str(),
        if r.fixable {
            ", fixable with `--fix`"
        } else {
            ""
        },
        r.doc,
        r.source
    )
}

fn capitalize(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}
