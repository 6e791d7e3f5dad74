//! Embeds every rule file under `rules/` into the library, so adding a rule file needs no
//! code change: `OUT_DIR/embedded_rules.rs` holds `(relative path, JSON)` pairs. The TOML
//! is converted to JSON here, once, because a hook parses the rules on every call and JSON
//! parses several times faster; a TOML syntax error fails the build with file and line.
//! Each file is embedded twice: whole, and without `examples` and `negative_examples`,
//! which a hook never needs and which are most of the bytes.

use std::fmt::Write as _;
use std::path::Path;

#[allow(dead_code)] // the library's prefilter uses the rest
#[path = "src/command/glob_text.rs"]
mod glob_text;

#[path = "src/secrets/engine/keyword_index.rs"]
mod keyword_index;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let root = Path::new("rules");
    println!("cargo:rerun-if-changed=rules");
    let mut files = Vec::new();
    for family in std::fs::read_dir(root)? {
        let family = family?.path();
        if !family.is_dir() {
            continue;
        }
        println!("cargo:rerun-if-changed={}", family.display());
        for file in std::fs::read_dir(&family)? {
            let file = file?.path();
            if file.extension().is_some_and(|e| e == "toml") {
                files.push(file);
            }
        }
    }
    files.sort();
    let mut out = String::from(
        "/// Every rule file under `rules/`: (path relative to `rules/`, JSON without the examples, JSON).\n",
    );
    out.push_str("pub(crate) const EMBEDDED: &[(&str, &str, &str)] = &[\n");
    for file in &files {
        let rel = file
            .strip_prefix(root)?
            .to_string_lossy()
            .replace('\\', "/");
        let value = read_rule_file(file)?;
        let full = serde_json::to_string(&value)?;
        let lean = serde_json::to_string(&without_examples(value))?;
        writeln!(out, "    ({rel:?}, {lean:?}, {full:?}),")?;
    }
    out.push_str("];\n");
    let dest = Path::new(&std::env::var("OUT_DIR")?).join("embedded_rules.rs");
    std::fs::write(dest, out)?;
    command_index(root, &files)?;
    tamper_index(root, &files)?;
    secret_index(root, &files)?;
    aws_tables(root)
}

/// The AWS action tables (`rules/aws/*.tsv`, written by `rules/aws/generate.py`), checked
/// so that a hook can search them by bisection: a header of four `# ` lines, then rows of
/// the file's number of non-empty tab-separated columns, strictly sorted by their first
/// two columns. `OUT_DIR/embedded_aws.rs` holds the byte offset where each file's rows
/// begin (`SERVICES_ROWS`, `OPERATIONS_ROWS`, `ACTIONS_ROWS`); the library embeds the
/// files themselves with `include_str!`.
fn aws_tables(root: &Path) -> Result<(), Box<dyn std::error::Error>> {
    let mut out = String::new();
    for (name, width, constant) in [
        ("services.tsv", 4, "SERVICES_ROWS"),
        ("operations.tsv", 6, "OPERATIONS_ROWS"),
        ("actions.tsv", 3, "ACTIONS_ROWS"),
    ] {
        let path = root.join("aws").join(name);
        let text =
            std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        let mut offset = 0;
        let mut previous: Option<(&str, &str)> = None;
        for (n, line) in text.split_inclusive('\n').enumerate() {
            let at = format!("{}:{}", path.display(), n + 1);
            let row = line
                .strip_suffix('\n')
                .ok_or_else(|| format!("{at}: the file must end with a newline"))?;
            if n < 4 {
                if !row.starts_with("# ") {
                    return Err(format!(
                        "{at}: expected the four `# ` header lines of generate.py"
                    )
                    .into());
                }
                offset += line.len();
                continue;
            }
            let cols: Vec<&str> = row.split('\t').collect();
            if cols.len() != width || cols.iter().any(|c| c.is_empty()) {
                return Err(
                    format!("{at}: expected {width} non-empty tab-separated columns").into(),
                );
            }
            let key = (cols[0], cols[1]);
            if previous.is_some_and(|p| p >= key) {
                return Err(format!(
                    "{at}: rows must be strictly sorted by their first two columns"
                )
                .into());
            }
            previous = Some(key);
        }
        writeln!(
            out,
            "/// Where the rows of `rules/aws/{name}` begin (bytes).\npub(crate) const {constant}: usize = {offset};"
        )?;
    }
    let dest = Path::new(&std::env::var("OUT_DIR")?).join("embedded_aws.rs");
    std::fs::write(dest, out)?;
    Ok(())
}

/// `OUT_DIR/embedded_commands.rs`: the command rules (families `commands` and `fetch`)
/// one by one, so that a hook parses only the rules that can match the commands of the
/// line. `COMMAND_RULES`: (path relative to `rules/`, id, its match tables' range in
/// `COMMAND_MATCHES`, lean JSON); `COMMAND_MATCHES`: per match table, (its command names
/// or patterns, the literal runs one of which a line's words must hold: `needed_runs`);
/// `COMMAND_FILES`: per rule file, (path, its rules' range in `COMMAND_RULES`);
/// `COMMAND_TOOLS`: (path, tool name, JSON).
fn command_index(
    root: &Path,
    files: &[std::path::PathBuf],
) -> Result<(), Box<dyn std::error::Error>> {
    let mut blob = BlobWriter::default();
    let mut rules = String::from(
        "/// Every command rule, indexed.\n\
         pub(crate) const COMMAND_RULES: &[Indexed] = &[\n",
    );
    let mut tools = String::from(
        "/// Every `[[tool]]` table: (path, name, JSON), in [`BLOB`].\n\
         pub(crate) const COMMAND_TOOLS: &[(Str, Str, Str)] = &[\n",
    );
    let mut matches = String::from(
        "/// Every match table of [`COMMAND_RULES`]: (command names or patterns, needed runs).\n\
         pub(crate) const COMMAND_MATCHES: &[(List, List)] = &[\n",
    );
    let mut files_index = String::from(
        "/// Every command rule file: (path, its rules' range in [`COMMAND_RULES`]).\n\
         pub(crate) const COMMAND_FILES: &[(Str, u32, u32)] = &[\n",
    );
    let (mut match_count, mut rule_count) = (0usize, 0usize);
    for file in files {
        let rel = file
            .strip_prefix(root)?
            .to_string_lossy()
            .replace('\\', "/");
        let Some((family, _)) = rel.split_once('/') else {
            continue;
        };
        // Command-rule families only: `secrets` and `tamper` have formats of their own.
        if family != "commands" && family != "fetch" {
            continue;
        }
        let value = read_rule_file(file)?;
        let value = without_examples(value);
        let first_rule = rule_count;
        for rule in value
            .get("rule")
            .and_then(|r| r.as_array())
            .into_iter()
            .flatten()
        {
            rule_count += 1;
            let id = rule.get("id").and_then(|i| i.as_str()).unwrap_or_default();
            let first = match_count;
            for m in rule
                .get("match")
                .and_then(|m| m.as_array())
                .into_iter()
                .flatten()
            {
                let mut names: Vec<String> = m
                    .get("command")
                    .and_then(|c| c.as_array())
                    .into_iter()
                    .flatten()
                    .filter_map(|c| c.as_str().map(str::to_owned))
                    .collect();
                names.sort();
                names.dedup();
                let needs = needed_runs(m).unwrap_or_default();
                writeln!(
                    matches,
                    "    ({}, {}),",
                    blob.list(&names),
                    blob.list(&needs)
                )?;
                match_count += 1;
            }
            let json = serde_json::to_string(rule)?;
            writeln!(
                rules,
                "    Indexed {{ path: {}, id: {}, matches: ({first}, {}), json: {} }},",
                blob.str(&rel),
                blob.str(id),
                match_count - first,
                blob.str(&json)
            )?;
        }
        writeln!(
            files_index,
            "    ({}, {first_rule}, {rule_count}),",
            blob.str(&rel)
        )?;
        for tool in value
            .get("tool")
            .and_then(|t| t.as_array())
            .into_iter()
            .flatten()
        {
            let name = tool
                .get("name")
                .and_then(|n| n.as_str())
                .unwrap_or_default();
            let json = serde_json::to_string(tool)?;
            writeln!(
                tools,
                "    ({}, {}, {}),",
                blob.str(&rel),
                blob.str(name),
                blob.str(&json)
            )?;
        }
    }
    rules.push_str("];\n");
    tools.push_str("];\n");
    matches.push_str("];\n");
    files_index.push_str("];\n");
    rules.push_str(&tools);
    rules.push_str(&matches);
    rules.push_str(&files_index);
    rules.push_str(&blob.finish());
    let dest = Path::new(&std::env::var("OUT_DIR")?).join("embedded_commands.rs");
    std::fs::write(dest, rules)?;
    Ok(())
}

/// `OUT_DIR/embedded_secrets.rs`: the secret rules one by one, so that a hook finds the
/// rules whose keywords occur without parsing any rule, then parses only those.
/// `SECRET_RULES`: (path relative to `rules/`, id, the rule as JSON without examples);
/// `SECRET_ALLOWLISTS`: (path, the file-wide allowlist as JSON).
/// `KEYWORDS`, `KEYWORD_RULES`, `KEYWORD_ENDS`, `KEYWORD_BY_PAIR`, `KEYWORD_STARTS` and
/// `ALWAYS`: the rules' keyword index (`keyword_index`), which a hook would otherwise
/// build on every call (about 470,000 instructions).
/// `OUT_DIR/embedded_tamper.rs`: each tamper writer's command names or patterns and
/// subcommand alternatives (`rules/tamper/*.toml` `[[writer]]` `match.command`,
/// `match.subcommand`), so that a hook can tell a line that writes nothing without parsing
/// the tamper rules; and the MCP tools that run shell commands (`[[mcp]]` with
/// `commands`), which both guards analyse as shell lines.
fn tamper_index(
    root: &Path,
    files: &[std::path::PathBuf],
) -> Result<(), Box<dyn std::error::Error>> {
    let mut out = String::from(
        "/// Every tamper writer: (command names or patterns, subcommand alternatives).\n\
         pub(crate) const WRITERS: &[(&[&str], &[&str])] = &[\n",
    );
    let strings = |v: Option<&toml::Value>| -> Vec<String> {
        v.and_then(|c| c.as_array())
            .into_iter()
            .flatten()
            .filter_map(|c| c.as_str())
            .flat_map(|c| c.split('|'))
            .map(str::to_owned)
            .collect()
    };
    let mut mcp_shells = String::from(
        "/// Every MCP tool that runs a shell command: (tool name globs, arguments that are\n\
         /// command lines).\n\
         pub(crate) const MCP_SHELLS: &[(&[&str], &[&str])] = &[\n",
    );
    for file in files {
        let rel = file
            .strip_prefix(root)?
            .to_string_lossy()
            .replace('\\', "/");
        if !rel.starts_with("tamper/") {
            continue;
        }
        let value = read_rule_file(file)?;
        for mcp in value
            .get("mcp")
            .and_then(|m| m.as_array())
            .into_iter()
            .flatten()
        {
            let commands = strings(mcp.get("commands"));
            if !commands.is_empty() {
                let tools = strings(mcp.get("tools"));
                writeln!(mcp_shells, "    (&{tools:?}, &{commands:?}),")?;
            }
        }
        for writer in value
            .get("writer")
            .and_then(|w| w.as_array())
            .into_iter()
            .flatten()
        {
            let m = writer.get("match");
            let commands = strings(m.and_then(|m| m.get("command")));
            let subcommands = strings(m.and_then(|m| m.get("subcommand")));
            writeln!(out, "    (&{commands:?}, &{subcommands:?}),")?;
        }
    }
    out.push_str("];\n");
    out.push_str(&mcp_shells);
    out.push_str("];\n");
    let dest = Path::new(&std::env::var("OUT_DIR")?).join("embedded_tamper.rs");
    std::fs::write(dest, out)?;
    Ok(())
}

fn secret_index(
    root: &Path,
    files: &[std::path::PathBuf],
) -> Result<(), Box<dyn std::error::Error>> {
    let mut blob = BlobWriter::default();
    let mut keywords_of_rules = Vec::new();
    let mut out = String::from(
        "/// Every secret rule: (path relative to `rules/`, id, lean JSON), in [`BLOB`].\n\
         pub(crate) const SECRET_RULES: &[(Str, Str, Str)] = &[\n",
    );
    let mut allow = String::from(
        "/// Every file-wide secret allowlist: (path relative to `rules/`, JSON), in [`BLOB`].\n\
         pub(crate) const SECRET_ALLOWLISTS: &[(Str, Str)] = &[\n",
    );
    for file in files {
        let rel = file
            .strip_prefix(root)?
            .to_string_lossy()
            .replace('\\', "/");
        if !rel.starts_with("secrets/") {
            continue;
        }
        let value = read_rule_file(file)?;
        let value = without_examples(value);
        if let Some(a) = value.get("allowlist") {
            let json = serde_json::to_string(a)?;
            writeln!(allow, "    ({}, {}),", blob.str(&rel), blob.str(&json))?;
        }
        for rule in value
            .get("rule")
            .and_then(|r| r.as_array())
            .into_iter()
            .flatten()
        {
            let id = rule.get("id").and_then(|i| i.as_str()).unwrap_or_default();
            let keywords: Vec<String> = rule
                .get("keywords")
                .and_then(|k| k.as_array())
                .into_iter()
                .flatten()
                .filter_map(|k| k.as_str().map(str::to_ascii_lowercase))
                .collect();
            let json = serde_json::to_string(rule)?;
            writeln!(
                out,
                "    ({}, {}, {}),",
                blob.str(&rel),
                blob.str(id),
                blob.str(&json)
            )?;
            keywords_of_rules.push(keywords);
        }
    }
    out.push_str("];\n");
    allow.push_str("];\n");
    out.push_str(&allow);
    keyword_tables(
        &mut out,
        &mut blob,
        &keyword_index::KeywordIndex::new(&keywords_of_rules),
    )?;
    out.push_str(&blob.finish());
    let dest = Path::new(&std::env::var("OUT_DIR")?).join("embedded_secrets.rs");
    std::fs::write(dest, out)?;
    Ok(())
}

/// The tables of `index` (see `secret_index`), written to `out`.
fn keyword_tables(
    out: &mut String,
    blob: &mut BlobWriter,
    index: &keyword_index::KeywordIndex,
) -> Result<(), Box<dyn std::error::Error>> {
    let list = |items: &mut dyn Iterator<Item = String>| items.collect::<Vec<_>>().join(", ");
    let (rules, ends) = index.flat_rules();
    writeln!(
        out,
        "/// The distinct keywords, in [`BLOB`].\n\
         pub(crate) const KEYWORDS: List = {};\n\
         /// The rules each keyword enables, one keyword after another.\n\
         pub(crate) static KEYWORD_RULES: &[u32] = &[{}];\n\
         /// Where each keyword's rules end in `KEYWORD_RULES`.\n\
         pub(crate) static KEYWORD_ENDS: &[u32] = &[{}];\n\
         /// (first two bytes, keyword), sorted.\n\
         pub(crate) static KEYWORD_BY_PAIR: &[(u16, u32)] = &[{}];\n\
         /// One bit per byte pair that starts a keyword.\n\
         pub(crate) static KEYWORD_STARTS: &[u64] = &[{}];\n\
         /// The rules that run on every text.\n\
         pub(crate) static ALWAYS: &[u32] = &[{}];",
        blob.list(&index.words),
        list(&mut rules.iter().map(u32::to_string)),
        list(&mut ends.iter().map(u32::to_string)),
        list(&mut index.by_pair.iter().map(|(p, k)| format!("({p}, {k})"))),
        list(&mut index.starts().iter().map(|w| format!("{w:#x}"))),
        list(&mut index.always.iter().map(u32::to_string)),
    )?;
    Ok(())
}

/// The strings of generated tables, written as one text and byte offsets into it
/// (`crate::blob`, the library side): a table of `&str` would need a load-time relocation
/// per string. Each distinct string is stored once.
#[derive(Default)]
struct BlobWriter {
    text: String,
    spans: Vec<(usize, usize)>,
    seen: std::collections::HashMap<String, (usize, usize)>,
}

impl BlobWriter {
    fn range(&mut self, s: &str) -> (usize, usize) {
        if let Some(&r) = self.seen.get(s) {
            return r;
        }
        let r = (self.text.len(), self.text.len() + s.len());
        self.text.push_str(s);
        self.seen.insert(s.to_owned(), r);
        r
    }

    /// `s` as the Rust expression `Str(start, end)`.
    fn str(&mut self, s: &str) -> String {
        let (a, b) = self.range(s);
        format!("Str({a}, {b})")
    }

    /// `items` as the Rust expression `List(first span, count)`.
    fn list(&mut self, items: &[String]) -> String {
        let first = self.spans.len();
        for item in items {
            let r = self.range(item);
            self.spans.push(r);
        }
        format!("List({first}, {})", items.len())
    }

    /// The `BLOB` static holding every string written.
    fn finish(&self) -> String {
        let spans: Vec<String> = self
            .spans
            .iter()
            .map(|(a, b)| format!("({a}, {b})"))
            .collect();
        format!(
            "/// The strings of the tables above.\n\
             pub(crate) static BLOB: crate::blob::Blob = crate::blob::Blob {{ text: {:?}, spans: &[{}] }};\n",
            self.text,
            spans.join(", ")
        )
    }
}

/// The literal runs one of which some word of a line must hold for the match table `m` to
/// fire: when it has `args_any` and each of its globs' alternatives (`{a,b}` spelled out)
/// has a literal run, those runs; else `None`. Sound: a word a glob matches holds the
/// literal run of the alternative it matches.
fn needed_runs(m: &toml::Value) -> Option<Vec<String>> {
    let globs: Vec<String> = m
        .get("args_any")?
        .as_array()?
        .iter()
        .map(|g| g.as_str().map(str::to_owned))
        .collect::<Option<_>>()?;
    if globs.is_empty() {
        return None;
    }
    let mut runs = Vec::new();
    for alt in globs.iter().flat_map(|g| glob_text::expand_braces(g)) {
        runs.push(glob_text::literal_run(&alt)?.to_owned());
    }
    runs.sort();
    runs.dedup();
    Some(runs)
}

/// A rule file, with its named lists spelled out: a file may hold a top-level `[lists]`
/// table of string arrays (`printers = ["cat", "head"…]`), and an entry `"@printers"` in
/// any string array of a `[[rule.match]]` stands for that whole list. The table itself is
/// removed, so the library never sees it (rule files read at run time cannot use lists).
/// An unknown `@name` fails the build with the file.
fn read_rule_file(file: &Path) -> Result<toml::Value, Box<dyn std::error::Error>> {
    let mut value: toml::Value = toml::from_str(&std::fs::read_to_string(file)?)
        .map_err(|e| format!("{}: {e}", file.display()))?;
    let Some(table) = value.as_table_mut() else {
        return Ok(value);
    };
    let lists = match table.remove("lists") {
        Some(toml::Value::Table(lists)) => lists,
        Some(_) => return Err(format!("{}: `lists` must be a table", file.display()).into()),
        None => return Ok(value),
    };
    let matches = table
        .get_mut("rule")
        .and_then(|r| r.as_array_mut())
        .into_iter()
        .flatten()
        .filter_map(|rule| rule.get_mut("match").and_then(|m| m.as_array_mut()))
        .flatten()
        .filter_map(|m| m.as_table_mut());
    for m in matches {
        for (_, field) in m.iter_mut() {
            let Some(items) = field.as_array_mut() else {
                continue;
            };
            let mut spelled = Vec::with_capacity(items.len());
            for item in items.drain(..) {
                match item.as_str().and_then(|s| s.strip_prefix('@')) {
                    Some(name) => match lists.get(name).and_then(|l| l.as_array()) {
                        Some(list) => spelled.extend(list.iter().cloned()),
                        None => {
                            return Err(format!(
                                "{}: no list `{name}` in `[lists]`",
                                file.display()
                            )
                            .into());
                        }
                    },
                    None => spelled.push(item),
                }
            }
            *items = spelled;
        }
    }
    Ok(value)
}

/// The rule file without its rules' `examples` and `negative_examples`.
fn without_examples(mut value: toml::Value) -> toml::Value {
    if let Some(rules) = value.get_mut("rule").and_then(|r| r.as_array_mut()) {
        for rule in rules.iter_mut().filter_map(|r| r.as_table_mut()) {
            rule.remove("examples");
            rule.remove("negative_examples");
        }
    }
    value
}
