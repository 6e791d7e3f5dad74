//! `WindowedScanner::scan` finds exactly what `Scanner::scan` finds (same matches, same
//! order) on every built-in rule's examples and negative examples, alone and all in one
//! text, on the gitleaks and Nosey Parker example corpora, and on every text file of the
//! skill corpora (`tests/corpora/skills/`): the windows it runs the regexes on never lose
//! or change a match.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // helpers outside #[test] fns

use hookkit_policy::secrets::{Scanner, SecretRuleSet, WindowedScanner};
use std::path::{Path, PathBuf};

fn corpora() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/corpora")
}

/// Scans `texts` both ways and returns how many matches were compared; panics on the first
/// text where they differ.
fn compare<'a>(
    windowed: &WindowedScanner,
    texts: impl IntoIterator<Item = (&'a str, Option<&'a str>)>,
) -> usize {
    let mut n = 0;
    for (text, path) in texts {
        let whole = windowed.scanner().scan(text, path).unwrap();
        let windows = windowed.scan(text, path).unwrap();
        assert_eq!(windows, whole, "{path:?}: {text:?}");
        n += whole.len();
    }
    n
}

#[test]
fn rule_examples_alone_and_together() {
    let set = SecretRuleSet::builtin_with_examples().unwrap();
    let windowed = WindowedScanner::builtin();
    let mut texts: Vec<String> = Vec::new();
    for rule in &set.rules {
        texts.extend(rule.examples.iter().cloned());
        texts.extend(rule.negative_examples.iter().cloned());
    }
    let together = texts.join("\n");
    let found = compare(
        &windowed,
        texts
            .iter()
            .map(|t| (t.as_str(), None))
            .chain([(together.as_str(), None)]),
    );
    assert!(found > 150, "{found} matches compared");
}

/// Rules whose matches reach any distance past their keyword (a private key's body, a
/// base64 JWT) are searched at each place a match may start, and past 64 places from there
/// on: many keyword hits without a match before, between and after the real ones.
#[test]
fn open_ended_rules_with_many_hits() {
    let set = SecretRuleSet::builtin_with_examples().unwrap();
    let examples = |id: &str| -> Vec<String> {
        set.rules
            .iter()
            .find(|r| r.id == id)
            .unwrap_or_else(|| panic!("no rule {id}"))
            .examples
            .clone()
    };
    let windowed = WindowedScanner::builtin();
    let mut texts = Vec::new();
    for (id, decoy) in [
        (
            "secrets.private-key",
            "-----BEGIN RSA PRIVATE KEY-----\nnot a key\n",
        ),
        (
            "secrets.jwt-base64",
            "ZXlKaGJHY2lPaUpJVXpJMU5pSXNJblI1Y0NJNklr short\n",
        ),
    ] {
        let real = examples(id);
        for decoys in [3, 63, 64, 65, 200] {
            let mut text = decoy.repeat(decoys);
            for example in &real {
                text.push_str(example);
                text.push('\n');
                text.push_str(&decoy.repeat(decoys));
            }
            texts.push(text);
        }
    }
    let found = compare(&windowed, texts.iter().map(|t| (t.as_str(), None)));
    assert!(found >= 10, "{found} matches compared");
}

#[test]
fn gitleaks_and_nosey_parker_examples() {
    let windowed = WindowedScanner::new(Scanner::builtin());
    let mut texts: Vec<String> = Vec::new();
    for file in ["gitleaks-examples.json", "noseyparker-rules.json"] {
        let json = std::fs::read_to_string(corpora().join("secrets").join(file)).unwrap();
        let rules: Vec<serde_json::Value> = serde_json::from_str(&json).unwrap();
        for rule in rules {
            for key in ["examples", "neg"] {
                for t in rule[key].as_array().into_iter().flatten() {
                    texts.push(t.as_str().unwrap().to_owned());
                }
            }
        }
    }
    let found = compare(&windowed, texts.iter().map(|t| (t.as_str(), None)));
    assert!(found > 200, "{found} matches compared");
}

#[test]
fn every_text_file_of_the_skill_corpora() {
    let windowed = WindowedScanner::builtin();
    let mut files = Vec::new();
    let mut stack = vec![corpora().join("skills")];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if let Ok(text) = std::fs::read_to_string(&path) {
                files.push((path.to_string_lossy().into_owned(), text));
            }
        }
    }
    assert!(files.len() > 1500, "{} files", files.len());
    let found = compare(
        &windowed,
        files.iter().map(|(p, t)| (t.as_str(), Some(p.as_str()))),
    );
    assert!(found > 0, "{found} matches compared");
}

/// What a hostile tool output would do to a secret so that the windows miss it: every rule
/// example in another case, with its spaces doubled or turned into tabs, with odd Unicode
/// (a no-break space, a zero-width joiner, a fullwidth letter) around it, behind a run of
/// its rules' keywords with no newline, and all of them in one text longer than the
/// keyword automaton's threshold (256 KiB), where the keyword walks split the text in four.
#[test]
fn rule_examples_mangled_as_a_hostile_output_would() {
    let set = SecretRuleSet::builtin_with_examples().unwrap();
    let windowed = WindowedScanner::builtin();
    // A fixed linear congruential sequence picks the mangling of each example.
    let mut seed: u64 = 14;
    let mut next = |n: usize| {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        usize::try_from(seed >> 33).unwrap() % n
    };
    let mut texts: Vec<String> = Vec::new();
    for rule in &set.rules {
        let spam: String = rule.keywords.iter().map(String::as_str).collect();
        for example in &rule.examples {
            let cased = match next(3) {
                0 => example.to_uppercase(),
                1 => example.to_lowercase(),
                _ => example.clone(),
            };
            let spaced = match next(3) {
                0 => cased.replace(' ', "  "),
                1 => cased.replace(' ', "\t"),
                _ => cased,
            };
            let odd = ["\u{a0}", "\u{200d}", "\u{ff4b}", "\r\n", ""][next(5)];
            texts.push(format!("{odd}{}{spaced}{odd}", spam.repeat(1 + next(40))));
        }
    }
    let mut long = texts.join(" ");
    while long.len() < 300 * 1024 {
        long.push_str(&texts.join("\u{a0}"));
    }
    let found = compare(
        &windowed,
        texts
            .iter()
            .map(|t| (t.as_str(), None))
            .chain([(long.as_str(), None)]),
    );
    assert!(found > 300, "{found} matches compared");
}
