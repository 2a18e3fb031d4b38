//! One entry as staff work on it (`/thu-ky/{id}`), read at once: the entry as the viewer may see
//! it, the council's panel (sheets, aggregate, flags, vote, decision), the reviewers the secretary
//! may still assign (with their unit and load) and the people in conflict, the filed versions
//! compared field by field, and the campaign's phases. Who may read it is the panel's rule
//! (`deliberation::panel`): the campaign's secretary or a council member.
use crate::accounts::{self, User};
use crate::catalog::campaigns::PhaseWindow;
use crate::council::deliberation::{self, Panel};
use crate::submission::corrections::{self, FieldChange};
use crate::submission::initiatives::{self, InitiativeView};
use crate::{Result, catalog, council, review};
use chrono::{DateTime, Utc};
use sea_orm::ConnectionTrait;
use types::{ConflictKind, Role, Status};

/// What staff see of one entry.
#[derive(Clone, Debug)]
pub struct StaffPanel {
    pub entry: InitiativeView,
    pub panel: Panel,
    pub viewer_is_secretary: bool,
    /// Screening is open to the viewer (a secretary, the entry just submitted).
    pub can_screen: bool,
    /// The viewer may ask the filer for corrections.
    pub can_request_corrections: bool,
    /// Reviewers the secretary may still assign (not assigned, no conflict).
    pub candidates: Vec<Candidate>,
    /// Reviewers and council members in conflict with the entry (for the secretary and the chair).
    pub conflicted: Vec<Conflicted>,
    /// Filed versions (secretaries only): (version, filed at).
    pub versions: Vec<(i32, DateTime<Utc>)>,
    /// The two versions compared, and their differences.
    pub compared: Option<(i32, i32)>,
    pub changes: Vec<FieldChange>,
    pub phases: Vec<PhaseWindow>,
    /// A practice campaign (every action stays open).
    pub practice: bool,
}

/// A reviewer who can be given the entry.
#[derive(Clone, Debug, PartialEq)]
pub struct Candidate {
    pub user_id: i64,
    pub name: String,
    /// Their unit's name, and how many sheets they still owe.
    pub unit: Option<String>,
    pub load: Option<u32>,
}

/// A person in conflict with the entry.
#[derive(Clone, Debug, PartialEq)]
pub struct Conflicted {
    pub user_id: i64,
    pub name: String,
    pub kinds: Vec<ConflictKind>,
    /// Every kind may be overridden by the chair.
    pub overridable: bool,
}

/// The versions to compare: `from` and `to` when both were filed and differ (older first), else
/// the last two.
pub fn versions_to_compare(
    filed: &[i32],
    from: Option<i32>,
    to: Option<i32>,
) -> Option<(i32, i32)> {
    let last_two = || match filed {
        [.., a, b] => Some((*a, *b)),
        _ => None,
    };
    match (from, to) {
        (Some(a), Some(b)) if filed.contains(&a) && filed.contains(&b) => {
            (a != b).then(|| (a.min(b), a.max(b)))
        }
        _ => last_two(),
    }
}

/// The entry `id` as `actor` works on it; `from` and `to` choose the versions to compare.
pub async fn staff_panel(
    db: &impl ConnectionTrait,
    actor: &User,
    id: i64,
    from: Option<i32>,
    to: Option<i32>,
) -> Result<StaffPanel> {
    let panel = deliberation::panel(db, actor, id).await?;
    let entry = initiatives::get_for(db, Some(actor), id).await?;
    let secretary = accounts::staff::may_act_on_id(db, actor, id).await?;
    let (candidates, conflicted) = if secretary || panel.viewer_presides {
        people(db, &panel, id, secretary).await?
    } else {
        (vec![], vec![])
    };
    let (versions, compared, changes) = if secretary {
        let versions = corrections::versions(db, actor, id).await?;
        let filed: Vec<i32> = versions.iter().map(|v| v.version).collect();
        let compared = versions_to_compare(&filed, from, to);
        let changes = match compared {
            Some((older, newer)) => corrections::diff(db, actor, id, older, newer).await?,
            None => vec![],
        };
        let versions = versions
            .into_iter()
            .map(|v| (v.version, v.submitted_at))
            .collect();
        (versions, compared, changes)
    } else {
        (vec![], None, vec![])
    };
    Ok(StaffPanel {
        can_screen: secretary && entry.status == Status::Submitted,
        can_request_corrections: secretary && corrections::can_request(entry.status),
        phases: council::phases(db, panel.campaign_id).await?,
        practice: catalog::campaign(db, panel.campaign_id).await?.practice,
        entry,
        panel,
        viewer_is_secretary: secretary,
        candidates,
        conflicted,
        versions,
        compared,
        changes,
    })
}

/// Reviewers who could score the entry and council members who could vote on it: those the
/// secretary may still assign, and those in conflict.
async fn people(
    db: &impl ConnectionTrait,
    panel: &Panel,
    id: i64,
    secretary: bool,
) -> Result<(Vec<Candidate>, Vec<Conflicted>)> {
    let mut people: Vec<(i64, String, bool)> = accounts::users_with_role(db, Role::Reviewer)
        .await?
        .into_iter()
        .map(|r| (r.id, r.full_name, true))
        .collect();
    for m in council::members(db, panel.campaign_id).await? {
        if !people.iter().any(|(pid, ..)| *pid == m.user_id) {
            people.push((m.user_id, m.name, false));
        }
    }
    let ids: Vec<i64> = people.iter().map(|(pid, ..)| *pid).collect();
    let conflicts = accounts::conflicts::matrix(db, &[id], &ids).await?;
    let assigned: Vec<i64> = panel.sheets.iter().map(|s| s.reviewer_id).collect();
    let facts = if secretary {
        review::reviewer_facts(db, &ids).await?
    } else {
        Default::default()
    };
    let (mut candidates, mut conflicted) = (vec![], vec![]);
    for (user_id, name, reviewer) in people {
        match conflicts.get(&(id, user_id)) {
            Some(kinds) => conflicted.push(Conflicted {
                user_id,
                name,
                overridable: kinds.iter().all(|k| k.can_be_overridden()),
                kinds: kinds.clone(),
            }),
            None if reviewer && secretary && !assigned.contains(&user_id) => {
                let (unit, load) = match facts.get(&user_id) {
                    Some((unit, load)) => (unit.clone(), Some(*load)),
                    None => (None, None),
                };
                candidates.push(Candidate {
                    user_id,
                    name,
                    unit,
                    load,
                })
            }
            None => {}
        }
    }
    Ok((candidates, conflicted))
}

#[cfg(test)]
mod tests {
    use super::versions_to_compare;

    #[test]
    fn the_last_two_versions_unless_two_others_are_chosen() {
        assert_eq!(versions_to_compare(&[], None, None), None);
        assert_eq!(versions_to_compare(&[1], None, None), None);
        assert_eq!(versions_to_compare(&[1, 2, 3], None, None), Some((2, 3)));
        assert_eq!(
            versions_to_compare(&[1, 2, 3], Some(3), Some(1)),
            Some((1, 3))
        );
        assert_eq!(
            versions_to_compare(&[1, 2, 3], Some(1), Some(2)),
            Some((1, 2))
        );
        assert_eq!(versions_to_compare(&[1, 2, 3], Some(2), Some(2)), None);
        assert_eq!(
            versions_to_compare(&[1, 2, 3], Some(1), Some(9)),
            Some((2, 3))
        );
    }
}
