//! GitHub Actions workflow commands that annotate files ("Workflow commands for GitHub
//! Actions", <https://docs.github.com/en/actions/reference/workflows-and-actions/workflow-commands>:
//! "Setting an error message", "Setting a warning message", "Setting a notice message").
//! The escaping is the runner's own (`actions/toolkit` `packages/core/src/command.ts`,
//! `escapeData` and `escapeProperty`).

use crate::model::Diagnostic;
use std::fmt::Write as _;

/// Escapes a command's message: `%` → `%25`, CR → `%0D`, LF → `%0A`.
pub fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a command property value: as [`escape_data`], and `:` → `%3A`, `,` → `%2C`.
pub fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

/// One annotation per finding, each ending with `\n`:
/// `::LEVEL file=PATH,line=L,col=C,endColumn=E,title=RULE::TEXT`, where `LEVEL` is
/// [`Level::github`](crate::Level::github), `PATH` the path with `/` separators and
/// without a leading `./` (the runner matches annotations to files relative to the
/// workspace),
/// `line`/`col` are present when the finding has a region and `endColumn` when that has an
/// end, `title` is the rule id and `TEXT` is [`Diagnostic::text`]. Property values are
/// escaped with [`escape_property`], the text with [`escape_data`]. No findings: `""`.
pub fn github(results: &[Diagnostic]) -> String {
    let mut out = String::new();
    for d in results {
        let _ = write!(
            out,
            "::{} file={}",
            d.level.github(),
            escape_property(d.slash_path().trim_start_matches("./"))
        );
        if let Some(region) = d.region {
            let _ = write!(
                out,
                ",line={},col={}",
                region.start_line, region.start_column
            );
            if let Some(end) = region.end_column {
                let _ = write!(out, ",endColumn={end}");
            }
        }
        let _ = writeln!(
            out,
            ",title={}::{}",
            escape_property(&d.rule_id),
            escape_data(&d.text())
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Level, Region};

    #[test]
    fn escaping_follows_the_runner() {
        assert_eq!(escape_data("100%\r\na:b,c"), "100%25%0D%0Aa:b,c");
        assert_eq!(escape_property("100%\r\na:b,c"), "100%25%0D%0Aa%3Ab%2Cc");
        // `%` first, so that an escape is not escaped again.
        assert_eq!(escape_data("%0A"), "%250A");
    }

    #[test]
    fn one_line_per_finding_with_the_region_when_known() {
        let found = [
            Diagnostic::new("r.one", Level::Error, "bad\nvalue: 50%", r"dir\a,b:c.md")
                .at(Region::new(4, 2).until(9))
                .with_help("fix it"),
            Diagnostic::new("r.two", Level::Warning, "w", "./f.json"),
            Diagnostic::new("r.three", Level::Note, "n", "g").at(Region::new(1, 1)),
        ];
        assert_eq!(
            github(&found),
            "::error file=dir/a%2Cb%3Ac.md,line=4,col=2,endColumn=9,title=r.one::bad%0Avalue: 50%25 (help: fix it)\n\
             ::warning file=f.json,title=r.two::w\n\
             ::notice file=g,line=1,col=1,title=r.three::n\n"
        );
        assert_eq!(github(&[]), "");
    }
}
