//! IAM action wildcards: how a policy's `Action` element matches an action, and the fewest
//! prefix wildcards that name exactly a chosen set of one service's actions.
//!
//! Source: IAM JSON policy element reference, "Action" (action names are not
//! case-sensitive; `*` matches any run of characters and `?` any one character, within
//! the action name after the service prefix).

/// True when the `Action` element entry `pattern` (`ec2:Delete*`, `s3:Get?bject`, `*`)
/// matches the action `prefix:name`, as IAM compares them: without regard to ASCII case,
/// `*` any run of characters (empty included), `?` exactly one.
pub fn matches(pattern: &str, prefix: &str, name: &str) -> bool {
    if pattern == "*" {
        return true;
    }
    let Some((service, action)) = pattern.split_once(':') else {
        return false;
    };
    glob(service.as_bytes(), prefix.as_bytes()) && glob(action.as_bytes(), name.as_bytes())
}

/// `*`/`?` glob of `pattern` against `text`, ASCII case-insensitive, in linear space and
/// at most `pattern.len() × text.len()` steps (backtracking to the last `*` only).
fn glob(pattern: &[u8], text: &[u8]) -> bool {
    let (mut p, mut t) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while t < text.len() {
        match (pattern.get(p), text.get(t)) {
            (Some(b'*'), _) => {
                star = Some((p, t));
                p += 1;
            }
            (Some(b'?'), Some(_)) => (p, t) = (p + 1, t + 1),
            (Some(a), Some(b)) if a.eq_ignore_ascii_case(b) => (p, t) = (p + 1, t + 1),
            _ => match star {
                Some((sp, st)) => {
                    star = Some((sp, st + 1));
                    (p, t) = (sp + 1, st + 1);
                }
                None => return false,
            },
        }
    }
    pattern
        .get(p..)
        .is_some_and(|rest| rest.iter().all(|c| *c == b'*'))
}

/// The `Action` entries that name exactly the actions of service `prefix` marked `true` in
/// `actions` (every action of that service, as `(name, chosen)`), and no other action of
/// the service: `prefix:*` when all are chosen; otherwise, for each chosen action, the
/// shortest prefix of its name that no unchosen action's name starts with (compared
/// without case), as `prefix:Start*`, or the exact name when even the whole name starts
/// an unchosen one (`Put` beside `PutItem`) or when the exact name is no longer. These
/// prefixes are the fewest prefix wildcards that cover the chosen actions: no entry is a
/// prefix of another, since an action under a shorter valid prefix would have taken it.
/// Sorted, without duplicates; empty when nothing is chosen.
pub fn cover(prefix: &str, actions: &[(&str, bool)]) -> Vec<String> {
    if actions.iter().all(|(_, chosen)| *chosen) {
        return if actions.is_empty() {
            Vec::new()
        } else {
            vec![format!("{prefix}:*")]
        };
    }
    let mut names: Vec<(String, &str, bool)> = actions
        .iter()
        .map(|(name, chosen)| (name.to_ascii_lowercase(), *name, *chosen))
        .collect();
    names.sort();
    let unchosen: Vec<usize> = (0..names.len())
        .filter(|i| names.get(*i).is_some_and(|n| !n.2))
        .collect();
    let mut entries = Vec::new();
    for (i, (lower, name, chosen)) in names.iter().enumerate() {
        if !*chosen {
            continue;
        }
        // In sorted order, the longest prefix shared with any unchosen name is the one
        // shared with the nearest unchosen name on either side.
        let next = unchosen.partition_point(|u| *u < i);
        let shared = [next.checked_sub(1), Some(next)]
            .into_iter()
            .flatten()
            .filter_map(|k| unchosen.get(k).and_then(|u| names.get(*u)))
            .map(|other| common_prefix(lower, &other.0))
            .max()
            .unwrap_or(0);
        let start = lower.get(..=shared);
        let entry = match (start, name.get(..=shared)) {
            (Some(start), Some(head)) if shared + 1 < name.len() || covers(&names, start) > 1 => {
                format!("{prefix}:{head}*")
            }
            _ => format!("{prefix}:{name}"),
        };
        entries.push(entry);
    }
    entries.sort();
    entries.dedup();
    entries
}

/// How many of the sorted lower-case `names` start with `start`.
fn covers(names: &[(String, &str, bool)], start: &str) -> usize {
    names.iter().filter(|n| n.0.starts_with(start)).count()
}

/// The length in bytes of the longest common prefix of `a` and `b`.
fn common_prefix(a: &str, b: &str) -> usize {
    a.bytes().zip(b.bytes()).take_while(|(x, y)| x == y).count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iam_matching_ignores_case_and_expands_both_wildcards() {
        assert!(matches("ec2:Delete*", "ec2", "DeleteVolume"));
        assert!(matches("EC2:delete*", "ec2", "DeleteVolume"));
        assert!(matches("ec2:*", "ec2", "DescribeInstances"));
        assert!(matches("*", "s3", "GetObject"));
        assert!(matches("s3:Get?bject", "s3", "GetObject"));
        assert!(matches("s3:*Bucket*", "s3", "PutBucketPolicy"));
        assert!(matches("s3:Put*Policy", "s3", "PutBucketPolicy"));
        assert!(!matches("s3:Put*Policy", "s3", "PutBucketPolicyStatus"));
        assert!(!matches("s3:Get?bject", "s3", "GetObjects"));
        assert!(!matches("ec2:Delete*", "ec2", "DescribeVolumes"));
        assert!(!matches("ec2:DeleteVolume", "ec2", "DeleteVolumes"));
        assert!(!matches("ec2:Delete*", "ec2messages", "DeleteMessage"));
        assert!(!matches("no-colon", "ec2", "DeleteVolume"));
    }

    #[test]
    fn the_cover_names_the_chosen_actions_and_nothing_else() {
        let actions = [
            ("DeleteBucket", true),
            ("DeleteBucketPolicy", true),
            ("DeleteObject", true),
            ("DescribeThing", false),
            ("GetObject", false),
            ("Put", true),
            ("PutItem", false),
            ("PutBucketAcl", true),
            ("Restore", true),
        ];
        let entries = cover("svc", &actions);
        assert_eq!(
            entries,
            ["svc:Del*", "svc:Put", "svc:PutB*", "svc:R*"],
            "{entries:?}"
        );
        for (name, chosen) in actions {
            assert_eq!(
                entries.iter().any(|p| matches(p, "svc", name)),
                chosen,
                "{name}"
            );
        }
        assert_eq!(cover("svc", &[("A", true), ("B", true)]), ["svc:*"]);
        assert!(cover("svc", &[("A", false)]).is_empty());
        assert!(cover("svc", &[]).is_empty());
    }

    #[test]
    fn case_differences_do_not_hide_an_unchosen_action() {
        // IAM compares without case: `Deleteitem` must not fall under `DeleteI*`'s cover
        // of `DeleteItem` when it is not chosen.
        let actions = [("DeleteItem", true), ("Deleteitems", false), ("Get", false)];
        let entries = cover("svc", &actions);
        assert_eq!(entries, ["svc:DeleteItem"]);
        assert!(!entries.iter().any(|p| matches(p, "svc", "Deleteitems")));
    }
}
