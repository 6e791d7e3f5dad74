//! Targets that arrive through input: `xargs` appends what it reads (or puts it where
//! `-I` says), `parallel` fills `{}` from `:::` or standard input, `find -exec` and
//! `fd -x` fill `{}` with what they find below their start directories. hookkit cannot
//! see those targets, so they are never read as paths inside the project:
//!
//! - an item read from input is the word `{}` marked [`Word::dynamic`] with no expansion
//!   spelled in it, which a path classifier cannot resolve;
//! - an entry found below `DIR` is the dynamic word `DIR/{}`: a path somewhere below `DIR`;
//! - `parallel`'s `:::` arguments are on the line: the template runs once per argument
//!   with it filled in (`parallel rm -rf {} ::: ~` is `rm -rf ~`).
//!
//! Sources: xargs(1) (`-I`, `-i`, `--replace`), GNU parallel(1) (replacement strings,
//! `:::`, `::::`), find(1) (start points, `-exec`), fd's `--exec`/`--exec-batch`.

use crate::types::Word;

/// The text of an item hookkit cannot see (shown as `rm -rf {}`).
pub(crate) const ITEM: &str = "{}";

/// The most `:::` arguments read one by one; past them the arguments count as unseen.
const MAX_ARGUMENTS: usize = 16;

/// The most start directories of `find` or `fd` given their own command.
const MAX_ROOTS: usize = 8;

/// An item read from input.
pub(crate) fn item() -> Word {
    Word {
        text: ITEM.to_owned(),
        dynamic: true,
    }
}

/// `xargs`'s command `command` as it runs: with `replace` (`-I R`), every `R` in its words
/// is an item; without, one item is appended.
pub(crate) fn xargs(command: &[Word], replace: Option<&str>) -> Vec<Word> {
    match replace.filter(|r| !r.is_empty()) {
        Some(r) => fill(command, r, ITEM, true),
        None => {
            let mut argv = command.to_vec();
            argv.push(item());
            argv
        }
    }
}

/// `find`'s or `fd`'s command `command` once per start directory of `roots` (the working
/// directory when there is none): each `{}` in its words is an entry below that directory
/// (`DIR/{}`), or, when `everything` (the search names no file, or only excludes some:
/// `find . -maxdepth 1 ! -name dist -exec rm -rf {} +`), everything in it (`DIR/*`).
/// Past [`MAX_ROOTS`] directories, the rest count as items read from input.
pub(crate) fn below(command: &[Word], roots: &[Word], everything: bool) -> Vec<Vec<Word>> {
    let dot = [Word::literal(".")];
    let roots = if roots.is_empty() { &dot[..] } else { roots };
    let mut out: Vec<Vec<Word>> = roots
        .iter()
        .take(MAX_ROOTS)
        .map(|root| {
            let dir = root.text.trim_end_matches('/');
            if everything {
                fill(command, ITEM, &format!("{dir}/*"), false)
            } else {
                fill(command, ITEM, &format!("{dir}/{ITEM}"), true)
            }
        })
        .collect();
    if roots.len() > MAX_ROOTS {
        out.push(fill(command, ITEM, ITEM, true));
    }
    out
}

/// `command` with `from` replaced by `to` in every word after the name that holds it;
/// with `item`, those words become items hookkit cannot see (dynamic), else (a glob on the
/// line's own terms, `DIR/*`) they keep what they were.
fn fill(command: &[Word], from: &str, to: &str, item: bool) -> Vec<Word> {
    let mut argv = command.to_vec();
    for word in argv.iter_mut().skip(1).filter(|w| w.text.contains(from)) {
        *word = Word {
            text: word.text.replace(from, to),
            dynamic: item || word.dynamic,
        };
    }
    argv
}

/// True when a `find` expression (`words`, after the start points) selects every entry,
/// or every entry but some: it has no name test (`-name`, `-iname`, `-path`, `-ipath`,
/// `-wholename`, `-regex`, `-iregex`, `-lname`, `-samefile`, `-inum`, `-newer`), or it
/// negates one (`!`, `-not`).
pub(crate) fn selects_everything(words: &[Word]) -> bool {
    const NAME_TESTS: &[&str] = &[
        "-name",
        "-iname",
        "-path",
        "-ipath",
        "-wholename",
        "-iwholename",
        "-regex",
        "-iregex",
        "-lname",
        "-ilname",
        "-samefile",
        "-inum",
        "-newer",
        "-links",
        "-user",
        "-group",
        "-perm",
        "-size",
        "-mtime",
        "-mmin",
        "-ctime",
        "-cmin",
        "-atime",
        "-amin",
        "-empty",
    ];
    let mut tested = false;
    for w in words {
        let t = w.text.as_str();
        if t == "!" || t == "-not" {
            return true;
        }
        if matches!(t, "-exec" | "-execdir" | "-ok" | "-okdir" | "-delete") {
            break;
        }
        tested |= NAME_TESTS.contains(&t);
    }
    !tested
}

/// GNU parallel's replacement strings: `{}`, `{.}`, `{/}`, `{//}`, `{/.}`, `{#}`, `{%}`,
/// and the positional ones `{1}`, `{2.}`…
fn replacement_strings(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let bytes = text.as_bytes();
    let mut i = 0;
    while let Some(open) = text.get(i..).and_then(|t| t.find('{')).map(|o| o + i) {
        let Some(close) = text.get(open..).and_then(|t| t.find('}')).map(|c| c + open) else {
            break;
        };
        let inner = text.get(open + 1..close).unwrap_or_default();
        let digits = inner.trim_start_matches(|c: char| c.is_ascii_digit());
        if matches!(digits, "" | "." | "/" | "//" | "/." | "#" | "%") {
            out.push((open, close + 1));
        }
        i = close + 1;
        if i >= bytes.len() {
            break;
        }
    }
    out
}

/// The scripts `parallel` runs for `template` (its words joined, as parallel hands them to
/// a shell): with `arguments` (every `:::` argument, `None` when some come from standard
/// input or a file, or are not known), once per argument, filled in; otherwise once, with
/// `"$@"` in their place, which no classifier resolves. Without replacement strings the
/// argument is appended, as parallel does.
pub(crate) fn parallel_scripts(template: &str, arguments: Option<&[Word]>) -> Vec<String> {
    let fill_with = |value: &str| {
        let spots = replacement_strings(template);
        if spots.is_empty() {
            return format!("{template} {value}");
        }
        let mut out = String::with_capacity(template.len() + value.len());
        let mut at = 0;
        for (start, end) in spots {
            out.push_str(template.get(at..start).unwrap_or_default());
            out.push_str(value);
            at = end;
        }
        out.push_str(template.get(at..).unwrap_or_default());
        out
    };
    match arguments {
        Some(args) if !args.is_empty() && args.len() <= MAX_ARGUMENTS => {
            args.iter().map(|a| fill_with(&a.text)).collect()
        }
        _ => vec![fill_with("\"$@\"")],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(s: &str) -> Vec<Word> {
        s.split(' ').map(Word::literal).collect()
    }

    fn texts(argv: &[Word]) -> String {
        argv.iter()
            .map(|w| w.text.as_str())
            .collect::<Vec<_>>()
            .join(" ")
    }

    #[test]
    fn xargs_items_are_dynamic() {
        let argv = xargs(&words("rm -rf"), None);
        assert_eq!(texts(&argv), "rm -rf {}");
        assert!(argv[2].dynamic);
        let argv = xargs(&words("mv X X.bak"), Some("X"));
        assert_eq!(texts(&argv), "mv {} {}.bak");
        assert!(argv[1].dynamic && argv[2].dynamic);
    }

    #[test]
    fn found_entries_are_below_each_start_directory() {
        let children = below(&words("rm -rf {}"), &words("~ /tmp/"), false);
        let shown: Vec<String> = children.iter().map(|c| texts(c)).collect();
        assert_eq!(shown, ["rm -rf ~/{}", "rm -rf /tmp/{}"]);
        assert!(children[0][2].dynamic);
        assert_eq!(texts(&below(&words("rm {}"), &[], false)[0]), "rm ./{}");
        assert_eq!(
            texts(&below(&words("rm {}"), &words("/"), false)[0]),
            "rm /{}"
        );
        let all = below(&words("rm -rf {}"), &words("."), true);
        assert_eq!(texts(&all[0]), "rm -rf ./*");
        assert!(!all[0][2].dynamic);
    }

    #[test]
    fn a_search_without_a_name_test_or_with_a_negated_one_selects_everything() {
        assert!(selects_everything(&words(
            "-maxdepth 1 -type d ! -name dist -exec"
        )));
        assert!(selects_everything(&words("-type f -exec rm {} +")));
        assert!(!selects_everything(&words("-name *.pyc -exec rm {} +")));
        assert!(!selects_everything(&words("-mtime +30 -exec rm {} +")));
    }

    #[test]
    fn parallel_fills_each_argument_or_marks_input() {
        assert_eq!(
            parallel_scripts("rm -rf {}", Some(&words("~ /tmp/x"))),
            ["rm -rf ~", "rm -rf /tmp/x"]
        );
        assert_eq!(parallel_scripts("rm -rf", Some(&words("~"))), ["rm -rf ~"]);
        assert_eq!(
            parallel_scripts("gzip {/.} {#}", None),
            ["gzip \"$@\" \"$@\""]
        );
        assert_eq!(parallel_scripts("echo {a}", None), ["echo {a} \"$@\""]);
    }
}
