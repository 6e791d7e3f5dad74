//! The files a run reads, listed in one walk of each directory given: the skills (their
//! `SKILL.md` files) and each skill's other files, which its credential scan reads
//! ([`crate::credentials`]).
//!
//! A walk honours `.gitignore` (and `.ignore`, `.git/info/exclude`, git's global excludes)
//! whether or not the folder is a git repository, never enters `.git`, and does not follow
//! links. Skills are the files named `SKILL.md` in any letter case, a link excepted, outside
//! hidden folders (a name starting with `.` below the directory given). A skill's files are
//! every file (a link excepted) under its folder, hidden ones included (a `.env` ships with
//! the skill), down to [`MAX_DEPTH`] levels, but the `SKILL.md` itself and what a nested
//! skill holds: a file belongs to the nearest folder above it that is a skill of the run or
//! holds a file (or a link to one) named exactly `SKILL.md`, and to no skill when that
//! folder is not one of the run's (a skill in a hidden folder, a link).
//!
//! Listing both in one walk, rather than finding the skills in one walk and then walking
//! each skill's folder again, saved the AWS agent toolkit's run about 6,000 of its 25,300
//! system calls (`strace -c -f`): the second walk opened and listed every folder again,
//! looked for four ignore files and a `SKILL.md` in each, and resolved each skill's folder
//! to its canonical path.

use crate::Error;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};

/// How deep below a skill's folder its files are listed, as for nested skills.
pub const MAX_DEPTH: usize = 8;

/// What a walk saw.
#[derive(Default)]
struct Walked {
    /// Every file (not a link), as the walk spells it.
    files: Vec<PathBuf>,
    /// The folders that hold a file named exactly `SKILL.md` or a link to one, as
    /// [`clean`] spells them.
    holders: HashSet<PathBuf>,
}

/// One walk of `roots`, each at most `max_depth` levels deep, its folders listed on as
/// many threads as the machine runs at once (ignore's parallel walker, its default number
/// of threads): listing a folder is a handful of system calls (`openat`, `getdents64`, and
/// the ignore files looked for), and on one thread the AWS agent toolkit's 480 folders
/// took 21-33 ms of a 165-195 ms run while the other core idled. The order in which files
/// arrive is left open: [`files_of`] sorts each skill's list and [`skills`] keys the
/// skills by path.
fn walk(roots: &[PathBuf], max_depth: Option<usize>) -> Walked {
    let Some((first, rest)) = roots.split_first() else {
        return Walked::default();
    };
    let mut builder = ignore::WalkBuilder::new(first);
    for root in rest {
        builder.add(root);
    }
    builder
        .hidden(false)
        .require_git(false)
        .max_depth(max_depth)
        .filter_entry(|e| e.file_name() != ".git");
    // One lock per entry: a few thousand, next to a system call or more each.
    let seen = std::sync::Mutex::new(Walked::default());
    builder.build_parallel().run(|| {
        Box::new(|entry| {
            if let Ok(entry) = entry {
                let mut seen = seen.lock().unwrap_or_else(|e| e.into_inner());
                see(entry, &mut seen);
            }
            ignore::WalkState::Continue
        })
    });
    seen.into_inner().unwrap_or_else(|e| e.into_inner())
}

/// Adds what `entry` (of a walk) is to `out`: a file, and a folder holding a `SKILL.md`.
fn see(entry: ignore::DirEntry, out: &mut Walked) {
    // A root is no file of its own walk.
    let Some(kind) = entry.file_type().filter(|_| entry.depth() > 0) else {
        return;
    };
    let path = entry.path();
    if path.file_name().is_some_and(|n| n == "SKILL.md")
        && (kind.is_file() || kind.is_symlink() && path.is_file())
        && let Some(dir) = path.parent()
    {
        out.holders.insert(clean(dir));
    }
    if kind.is_file() {
        out.files.push(entry.into_path());
    }
}

/// For each of `skills` (SKILL.md paths) that `walked` saw, its files (see the module
/// documentation), sorted, each spelled from its skill's folder as [`crate::skill_root`]
/// spells it (as a walk from there would).
fn files_of(walked: &Walked, skills: &[PathBuf]) -> Vec<Vec<PathBuf>> {
    let mut lists = vec![Vec::new(); skills.len()];
    let cleaned: Vec<PathBuf> = skills.iter().map(|s| clean(s)).collect();
    // Each skill's folder, as a file's cleaned ancestors spell it ("" for the working
    // directory), with the skills it holds (two, when `SKILL.md` and `skill.md` sit side
    // by side).
    let mut roots: HashMap<&Path, Vec<usize>> = HashMap::new();
    for (i, skill) in cleaned.iter().enumerate() {
        roots
            .entry(skill.parent().unwrap_or(Path::new("")))
            .or_default()
            .push(i);
    }
    for file in &walked.files {
        let key = clean(file);
        let mut dir = key.parent();
        for _ in 0..MAX_DEPTH {
            let Some(d) = dir else { break };
            if let Some(owners) = roots.get(d) {
                let below = key.strip_prefix(d).unwrap_or(&key);
                for &i in owners {
                    let (Some(skill), Some(own), Some(list)) =
                        (skills.get(i), cleaned.get(i), lists.get_mut(i))
                    else {
                        continue;
                    };
                    if key != *own {
                        list.push(crate::skill_root(skill).join(below));
                    }
                }
                break;
            }
            if walked.holders.contains(d) {
                break;
            }
            dir = d.parent();
        }
    }
    for list in &mut lists {
        list.sort();
        list.dedup();
    }
    lists
}

/// The skills `paths` designate, once each, in a stable order, and each one's files: a
/// directory is walked (see the module documentation); a file named `SKILL.md` (any case)
/// is itself; any other file stands for the skill it belongs to (the nearest ancestor
/// holding a `SKILL.md`), or nothing.
///
/// # Errors
/// [`Error::Missing`] for a path that does not exist.
pub fn skills(paths: &[PathBuf]) -> Result<(Vec<PathBuf>, Vec<Vec<PathBuf>>), Error> {
    // Each skill, with its files once a walk listed them.
    let mut found: BTreeMap<PathBuf, Option<Vec<PathBuf>>> = BTreeMap::new();
    for p in paths {
        if p.is_dir() {
            let walked = walk(std::slice::from_ref(p), None);
            let here: Vec<PathBuf> = walked
                .files
                .iter()
                .filter(|f| is_skill_file_name(f) && !hidden_below(f, p))
                .map(|f| clean(f))
                .collect();
            for (skill, files) in here.iter().zip(files_of(&walked, &here)) {
                found.entry(skill.clone()).or_insert(Some(files));
            }
        } else if p.is_file() {
            let skill = match is_skill_file_name(p) {
                true => Some(clean(p)),
                false => owning_skill(p),
            };
            if let Some(skill) = skill {
                found.entry(skill).or_insert(None);
            }
        } else {
            return Err(Error::Missing(p.clone()));
        }
    }
    let unlisted: Vec<PathBuf> = found
        .iter()
        .filter(|(_, files)| files.is_none())
        .map(|(skill, _)| skill.clone())
        .collect();
    let mut listed = unlisted.iter().zip(skill_files(&unlisted));
    let mut skills = Vec::with_capacity(found.len());
    let mut files = Vec::with_capacity(found.len());
    for (skill, list) in found {
        let list = match list {
            Some(list) => list,
            None => listed.next().map(|(_, l)| l).unwrap_or_default(),
        };
        skills.push(skill);
        files.push(list);
    }
    Ok((skills, files))
}

/// For each of `skills` (SKILL.md paths), its files (see the module documentation): one
/// walk of their folders, so the `.gitignore` files above them are read once, not once
/// per skill.
pub fn skill_files(skills: &[PathBuf]) -> Vec<Vec<PathBuf>> {
    let roots: Vec<PathBuf> = skills.iter().map(|s| crate::skill_root(s)).collect();
    files_of(&walk(&roots, Some(MAX_DEPTH)), skills)
}

/// Whether a name of `path` below the walk's root `root` starts with `.` (the root's own
/// name is never hidden).
fn hidden_below(path: &Path, root: &Path) -> bool {
    path.strip_prefix(root).is_ok_and(|below| {
        below
            .components()
            .any(|c| c.as_os_str().as_encoded_bytes().starts_with(b"."))
    })
}

/// `p` without a leading `./`.
pub(crate) fn clean(p: &Path) -> PathBuf {
    p.strip_prefix("./").unwrap_or(p).to_path_buf()
}

/// Whether `p` is named `SKILL.md`, in any letter case.
fn is_skill_file_name(p: &Path) -> bool {
    p.file_name()
        .is_some_and(|n| n.to_string_lossy().eq_ignore_ascii_case("SKILL.md"))
}

/// The skill `file` belongs to: the `SKILL.md` of its nearest ancestor that holds one.
fn owning_skill(file: &Path) -> Option<PathBuf> {
    file.ancestors().skip(1).find_map(|dir| {
        let d = if dir.as_os_str().is_empty() {
            Path::new(".")
        } else {
            dir
        };
        let candidate = d.join("SKILL.md");
        candidate.is_file().then(|| {
            clean(&if dir.as_os_str().is_empty() {
                PathBuf::from("SKILL.md")
            } else {
                candidate
            })
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(path: &Path, text: &str) {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }

    #[cfg(unix)]
    #[test]
    fn one_walk_finds_the_skills_and_gives_each_file_to_the_nearest_skill_folder() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path();
        let skill = "---\nname: x\ndescription: X.\n---\n";
        write(&root.join(".gitignore"), "*.log\n");
        for (file, text) in [
            (".tools/SKILL.md", skill),
            (".tools/t.md", "t"),
            ("a/SKILL.md", skill),
            ("a/.env", "KEY=1"),
            ("a/notes.md", "n"),
            ("a/run.log", "ignored"),
            ("a/.git/config", "never read"),
            ("a/inner/SKILL.md", skill),
            ("a/inner/x.md", "x"),
            ("a/lower/skill.md", skill),
            ("a/lower/y.md", "y"),
            ("a/.private/SKILL.md", skill),
            ("a/.private/z.md", "z"),
            ("a/linked/w.md", "w"),
            ("a/d1/d2/d3/d4/d5/d6/d7/eighth.md", "at depth 8"),
            ("a/d1/d2/d3/d4/d5/d6/d7/d8/ninth.md", "at depth 9"),
        ] {
            write(&root.join(file), text);
        }
        std::os::unix::fs::symlink("../notes.md", root.join("a/linked/SKILL.md")).unwrap();
        let rel = |lists: &[Vec<PathBuf>]| -> Vec<Vec<String>> {
            lists
                .iter()
                .map(|l| {
                    l.iter()
                        .map(|f| f.strip_prefix(root).unwrap().display().to_string())
                        .collect()
                })
                .collect()
        };
        let (skills, files) = skills(&[root.to_path_buf()]).unwrap();
        assert_eq!(
            rel(std::slice::from_ref(&skills)),
            [["a/SKILL.md", "a/inner/SKILL.md", "a/lower/skill.md"]]
        );
        let want = vec![
            vec!["a/.env", "a/d1/d2/d3/d4/d5/d6/d7/eighth.md", "a/notes.md"],
            vec!["a/inner/x.md"],
            vec!["a/lower/y.md"],
        ];
        assert_eq!(rel(&files), want);
        // Given as files (pre-commit), the same skills get the same files.
        assert_eq!(rel(&skill_files(&skills)), want);
        let given: Vec<PathBuf> = ["a/notes.md", "a/inner/x.md", "a/lower/skill.md"]
            .iter()
            .map(|f| root.join(f))
            .collect();
        let (by_file, files) = super::skills(&given).unwrap();
        assert_eq!(by_file, skills);
        assert_eq!(rel(&files), want);
        // A hidden folder given itself is walked for skills.
        let (hidden, _) = super::skills(&[root.join(".tools")]).unwrap();
        assert_eq!(hidden, [root.join(".tools/SKILL.md")]);
        assert!(matches!(
            super::skills(&[root.join("missing")]),
            Err(Error::Missing(_))
        ));
    }

    #[test]
    fn a_tree_listed_on_several_threads_gives_its_skills_and_their_files_in_order() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path();
        let skill = "---\nname: x\ndescription: X.\n---\n";
        // Folders enough for the walk's threads to share them out, named so that the order
        // in which a folder lists them is not their sorted order.
        let mut want_skills = Vec::new();
        let mut want_files = Vec::new();
        for i in (0..40).rev() {
            let dir = root.join(format!("p{}/s{i:02}", i % 3));
            write(&dir.join("SKILL.md"), skill);
            let mut files = Vec::new();
            for f in ["z.md", "scripts/b.sh", "references/a/c.md", "a.md"] {
                write(&dir.join(f), "text");
                files.push(dir.join(f));
            }
            files.sort();
            want_skills.push(dir.join("SKILL.md"));
            want_files.push((dir.join("SKILL.md"), files));
        }
        want_skills.sort();
        want_files.sort();
        let want_files: Vec<Vec<PathBuf>> = want_files.into_iter().map(|(_, f)| f).collect();
        for _ in 0..5 {
            let (skills, files) = skills(&[root.to_path_buf()]).unwrap();
            assert_eq!(skills, want_skills);
            assert_eq!(files, want_files);
            assert_eq!(skill_files(&skills), want_files);
        }
    }
}
