//! Which match tables of a rule set can fire on a command line, decided from its words
//! alone before any glob is compiled: compiling the globs of tables that cannot match is
//! most of a hook call's time otherwise (secret-guard's fetch rules, `crate::fetch`).

use super::glob_text::{alternates_as_stars, expand_braces, is_glob, literal_run};
use crate::rules::RuleSet;

/// `rules` without the match tables that cannot fire on a line whose words (after
/// hookkit-shell's unwrapping and quote removal) are `words`: a table whose command names
/// are all literal and none is a word's base name, or whose `args_any` globs each need a
/// literal run of characters that no word holds. Sound (a word an operand glob matches
/// holds that glob's literal run), and it saves compiling the globs of tables that cannot
/// match: most of a hook call's time otherwise.
pub fn relevant(rules: &RuleSet, words: &[String]) -> RuleSet {
    let names: Vec<&str> = words
        .iter()
        .map(|w| w.rsplit('/').next().unwrap_or(w))
        .collect();
    let held = |glob: &str| match literal_run(glob) {
        Some(run) => words.iter().any(|w| w.contains(run)),
        None => true,
    };
    let mut out = RuleSet {
        rules: Vec::new(),
        tools: rules.tools.clone(),
    };
    for rule in &rules.rules {
        // Each table is judged once; the rule is copied only when one may fire.
        let mut fires = Vec::with_capacity(rule.matches.len());
        for m in &rule.matches {
            let literal_names = m.command.iter().all(|c| !is_glob(c));
            let named = !literal_names || m.command.iter().any(|c| names.contains(&c.as_str()));
            fires.push(
                named
                    && (m.args_any.is_empty()
                        || m.args_any.iter().any(|g| {
                            if !g.contains('{') {
                                return held(g);
                            }
                            // What every alternative holds is checked before they are
                            // spelled out (most lines hold none of it).
                            held(&alternates_as_stars(g))
                                && expand_braces(g).iter().any(|alt| held(alt))
                        })),
            );
        }
        if fires.contains(&true) {
            let mut r = rule.clone();
            let mut keep = fires.iter();
            r.matches.retain(|_| keep.next().copied().unwrap_or(true));
            out.rules.push(r);
        }
    }
    out
}
