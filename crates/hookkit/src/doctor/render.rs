//! The report for people (a section per host) and for programs (`--format json`).

use super::model::{Finding, Level, Report, Status};
use std::fmt::Write as _;

/// The human report: per host its verdict, the registrations found and the findings (worst
/// first, each fix indented below it); then hookkit's own configuration and the outcome.
pub fn human(report: &Report) -> String {
    let mut out = format!(
        "hookkit doctor {}, checking {}\n",
        report.version,
        report.cwd.display()
    );
    for host in &report.hosts {
        let _ = writeln!(out, "\n{}: {}", host.host.as_str(), host.status.label());
        for r in &host.registrations {
            let matcher = r
                .matcher
                .as_deref()
                .map_or_else(String::new, |m| format!(" [{m}]"));
            let state = match (&r.state, r.active) {
                (Some(s), true) => format!(" ({s})"),
                (Some(s), false) => format!(" ({s}; not run)"),
                (None, true) => String::new(),
                (None, false) => " (not run)".to_owned(),
            };
            let _ = writeln!(
                out,
                "  {} {}{matcher} in {} ({}){state}",
                r.event,
                r.guard,
                r.file.display(),
                r.scope
            );
        }
        if host.status == Status::NotSetUp && host.findings.is_empty() {
            let _ = writeln!(out, "  no hookkit guard registered");
        }
        findings(&mut out, &host.findings);
    }
    out.push_str("\nhookkit configuration:\n");
    findings(&mut out, &report.hookkit.findings);
    let fails = report
        .hosts
        .iter()
        .flat_map(|h| &h.findings)
        .chain(&report.hookkit.findings)
        .filter(|f| f.level == Level::Fail)
        .count();
    if report.ok {
        out.push_str("\nno problem found: every host with a registration runs the guards\n");
    } else {
        let _ = writeln!(
            out,
            "\n{fails} problem(s) would leave a guard off or block every call: see FAIL above"
        );
    }
    out
}

fn findings(out: &mut String, list: &[Finding]) {
    for f in list {
        let _ = writeln!(out, "  {:<4}  {}", f.level.label(), f.message);
        if let Some(fix) = &f.fix {
            let _ = writeln!(out, "        fix: {fix}");
        }
    }
}

/// The report as one pretty-printed JSON document (the [`Report`] shape).
pub fn json(report: &Report) -> String {
    let mut text = serde_json::to_string_pretty(report).unwrap_or_else(|e| {
        format!(
            "{{\"error\": {}}}",
            serde_json::Value::String(e.to_string())
        )
    });
    text.push('\n');
    text
}
