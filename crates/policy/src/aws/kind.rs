//! An AWS action's kind, from its access level and, for Write actions, its verb: what
//! rules match with `[[rule.match]] action = [...]` (crates/policy/rules/commands/clouds.toml
//! maps kinds to classes: list, read and no-change to read; tagging to modify;
//! permissions to delete).

use super::AccessLevel;
use serde::Deserialize;

/// What an AWS command does, as far as its action tells.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ActionKind {
    /// Access level List.
    List,
    /// Access level Read.
    Read,
    /// The command sends AWS nothing that changes anything: `--generate-cli-skeleton`,
    /// `--dry-run` on an operation that has it, the `--dryrun` of `aws s3`.
    NoChange,
    /// A Write action whose verb adds something (see [`kind_of`]).
    Create,
    /// A Write action whose verb changes something that exists, or any other verb.
    Modify,
    /// A Write action whose verb removes something.
    Delete,
    /// Access level Tagging.
    Tagging,
    /// Access level Permissions management: IAM and resource policies, grants, ACLs,
    /// role trust.
    Permissions,
    /// No action table knows the command (a CLI command the tables do not list, an
    /// operation without a known action, a tool without an action table).
    Unknown,
}

/// Verbs of Write actions that add something. Source: the verbs of the Write actions in
/// the Service Authorization Reference (`rules/aws/actions.tsv`), sorted by what the
/// action does to the resource it names; `Start` adds a run, an execution, a session;
/// `POST` and `PUT` are API Gateway's management actions (HTTP methods).
const CREATE: &str = "Allocate Clone Copy Create Duplicate Generate Import Ingest Insert Invoke Issue Launch \
    Post Provision Publish Purchase Put Register Request Run Send Start Store Submit Upload \
    Write POST PUT";

/// Verbs of Write actions that remove something or stop it from working: what hookkit's
/// verb rules (`aws.delete`) call delete, the rarer verbs of the same meaning, and API
/// Gateway's `DELETE`.
const DELETE: &str = "Bypass Close Deauthorize Delete Deprovision Deregister Detach Disable Disassociate \
    Discard Dispose Dissociate Drop Evict Forget Leave Purge Release Remove Revoke Terminate \
    Unassign Unauthorize Ungroup Unlink Unpeer Unshare Unsubscribe Wipe DELETE";

/// Words before the verb that do not change it (`BatchDeleteAttributes`,
/// `AdminDeleteUser`, `BulkPublish`).
const QUALIFIERS: &str = "Admin Batch Bulk";

/// True when `word` is one of the space-separated words of `list`. (The lists are strings
/// rather than slices of `&str`: each entry of such a slice costs a load-time relocation
/// in every hook process, aws or not.)
pub(crate) fn listed(list: &str, word: &str) -> bool {
    !word.is_empty() && list.split_ascii_whitespace().any(|w| w == word)
}

/// The kind of the action `name` with access level `level`:
///
/// | access level | kind |
/// |---|---|
/// | List | `list` |
/// | Read | `read` |
/// | Tagging | `tagging` |
/// | Permissions management | `permissions` |
/// | Write | by the action's first word (after `Admin`, `Batch`, `Bulk`): `delete` for `Delete`, `Terminate`, `Remove`, `Deregister`, `Detach`, `Disable`, `Disassociate`, `Release`, `Purge`, `Revoke`, `Drop`, `Wipe`… (`DELETE` in the source), `create` for `Create`, `Put`, `Run`, `Start`, `Register`, `Import`, `Copy`, `Upload`, `Send`, `Invoke`… (`CREATE`), `modify` for every other verb (`Update`, `Modify`, `Set`, `Attach`, `Stop`, `Reboot`, `Restore`…) |
pub fn kind_of(name: &str, level: AccessLevel) -> ActionKind {
    match level {
        AccessLevel::List => ActionKind::List,
        AccessLevel::Read => ActionKind::Read,
        AccessLevel::Tagging => ActionKind::Tagging,
        AccessLevel::PermissionsManagement => ActionKind::Permissions,
        AccessLevel::Write => {
            let verb = verb(name);
            if listed(DELETE, verb) {
                ActionKind::Delete
            } else if listed(CREATE, verb) {
                ActionKind::Create
            } else {
                ActionKind::Modify
            }
        }
    }
}

/// True when the Write action `name`'s verb is in one of the explicit lists of
/// [`kind_of`] (create or delete verbs), false when it gets `modify` by default: for the
/// coverage report (`tests/aws_tables.rs`).
pub fn verb_is_listed(name: &str) -> bool {
    let verb = verb(name);
    listed(CREATE, verb) || listed(DELETE, verb)
}

/// The first word of a PascalCase name after the [`QUALIFIERS`] (`BatchDeleteItem` →
/// `Delete`; `DELETE` → `DELETE`; `ListV2` → `List`).
fn verb(name: &str) -> &str {
    let mut rest = name;
    loop {
        let word = first_word(rest);
        match rest.get(word.len()..) {
            Some(after) if listed(QUALIFIERS, word) && !after.is_empty() => rest = after,
            _ => return word,
        }
    }
}

/// The leading word: an upper-case letter and the lower-case letters after it, or a run
/// of upper-case letters (`DELETE`, `DB`) not followed by a lower-case one.
fn first_word(name: &str) -> &str {
    let bytes = name.as_bytes();
    let Some(first) = bytes.first() else {
        return name;
    };
    let mut end = 1;
    if first.is_ascii_uppercase() && bytes.get(1).is_some_and(u8::is_ascii_uppercase) {
        while bytes.get(end).is_some_and(u8::is_ascii_uppercase) {
            end += 1;
        }
        // `DBInstance`: the last capital starts the next word.
        if end < bytes.len() && bytes.get(end).is_some_and(u8::is_ascii_lowercase) {
            end -= 1;
        }
    } else {
        while bytes.get(end).is_some_and(u8::is_ascii_lowercase) {
            end += 1;
        }
    }
    name.get(..end).unwrap_or(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn verbs_after_qualifiers() {
        assert_eq!(verb("DeleteDBInstance"), "Delete");
        assert_eq!(verb("BatchDeleteItem"), "Delete");
        assert_eq!(verb("AdminCreateUser"), "Create");
        assert_eq!(verb("DELETE"), "DELETE");
        assert_eq!(verb("Batch"), "Batch");
        assert_eq!(verb("ESHttpDelete"), "ES");
        assert_eq!(verb("connect"), "connect");
        assert_eq!(verb(""), "");
    }

    #[test]
    fn kinds_by_level_and_verb() {
        use AccessLevel::*;
        assert_eq!(kind_of("DescribeInstances", List), ActionKind::List);
        assert_eq!(kind_of("GetObject", Read), ActionKind::Read);
        assert_eq!(kind_of("CreateTags", Tagging), ActionKind::Tagging);
        assert_eq!(
            kind_of("PutBucketPolicy", PermissionsManagement),
            ActionKind::Permissions
        );
        assert_eq!(kind_of("DeleteDBInstance", Write), ActionKind::Delete);
        assert_eq!(kind_of("TerminateInstances", Write), ActionKind::Delete);
        assert_eq!(kind_of("BatchDeleteItem", Write), ActionKind::Delete);
        assert_eq!(kind_of("RunInstances", Write), ActionKind::Create);
        assert_eq!(kind_of("StartExecution", Write), ActionKind::Create);
        assert_eq!(kind_of("PutObject", Write), ActionKind::Create);
        assert_eq!(kind_of("UpdateService", Write), ActionKind::Modify);
        assert_eq!(kind_of("StopInstances", Write), ActionKind::Modify);
        assert_eq!(kind_of("DELETE", Write), ActionKind::Delete);
        assert_eq!(kind_of("PATCH", Write), ActionKind::Modify);
        assert_eq!(kind_of("POST", Write), ActionKind::Create);
    }
}
