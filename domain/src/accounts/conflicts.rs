//! Conflicts of interest between reviewers (and council members) and entries.
//!
//! Automatic: the person is the entry's filer or a linked co-author; or their organisation is the
//! entry's organisation (or a linked co-author's), its parent or its child in the organisation tree.
//! Declared: the reviewer says so, with a reason. The chair may lift an organisation conflict with a
//! recorded reason (`council::override_conflict`); authorship and declarations cannot be lifted. A conflicted person is
//! never assigned and never sees the entry.
use crate::Result;
use crate::entities::{author, conflict, initiative, unit, user};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use std::collections::{HashMap, HashSet};
use types::ConflictKind;

/// The organisation tree: each unit's parent.
#[derive(Clone, Debug, Default)]
pub struct UnitTree {
    parent: HashMap<i64, Option<i64>>,
}

impl UnitTree {
    pub fn new(pairs: impl IntoIterator<Item = (i64, Option<i64>)>) -> Self {
        UnitTree {
            parent: pairs.into_iter().collect(),
        }
    }

    fn parent_of(&self, id: i64) -> Option<i64> {
        self.parent.get(&id).copied().flatten()
    }

    /// How the reviewer's unit stands to an author's unit, if it is a conflict.
    pub fn relation(&self, reviewer_unit: i64, author_unit: i64) -> Option<ConflictKind> {
        if reviewer_unit == author_unit {
            Some(ConflictKind::SameUnit)
        } else if self.parent_of(author_unit) == Some(reviewer_unit) {
            Some(ConflictKind::ParentUnit)
        } else if self.parent_of(reviewer_unit) == Some(author_unit) {
            Some(ConflictKind::ChildUnit)
        } else {
            None
        }
    }
}

/// The people and organisations behind an entry.
#[derive(Clone, Debug, Default)]
pub struct Parties {
    pub owner: Option<i64>,
    /// Accounts linked to author rows.
    pub author_users: Vec<i64>,
    /// The entry's unit and the units of linked co-authors.
    pub units: Vec<i64>,
}

/// The automatic conflicts of one person with one entry (before overrides), without repeats.
pub fn automatic(
    person: i64,
    person_unit: Option<i64>,
    parties: &Parties,
    tree: &UnitTree,
) -> Vec<ConflictKind> {
    let mut out = Vec::new();
    if parties.owner == Some(person) || parties.author_users.contains(&person) {
        out.push(ConflictKind::Author);
    }
    if let Some(pu) = person_unit {
        for u in &parties.units {
            if let Some(k) = tree.relation(pu, *u)
                && !out.contains(&k)
            {
                out.push(k);
            }
        }
    }
    out
}

/// The conflicts in force between entries and people, computed in bulk:
/// `(entry, person) → kinds`; pairs without a conflict are absent.
pub async fn matrix(
    db: &impl ConnectionTrait,
    entries: &[i64],
    people: &[i64],
) -> Result<HashMap<(i64, i64), Vec<ConflictKind>>> {
    let mut out = HashMap::new();
    if entries.is_empty() || people.is_empty() {
        return Ok(out);
    }
    let models = initiative::Entity::find()
        .filter(initiative::Column::Id.is_in(entries.to_vec()))
        .all(db)
        .await?;
    let authors = author::Entity::find()
        .filter(author::Column::InitiativeId.is_in(entries.to_vec()))
        .filter(author::Column::UserId.is_not_null())
        .all(db)
        .await?;
    let mut user_ids: HashSet<i64> = people.iter().copied().collect();
    user_ids.extend(authors.iter().filter_map(|a| a.user_id));
    let unit_of: HashMap<i64, Option<i64>> = user::Entity::find()
        .filter(user::Column::Id.is_in(user_ids.into_iter().collect::<Vec<_>>()))
        .all(db)
        .await?
        .into_iter()
        .map(|u| (u.id, u.unit_id))
        .collect();
    // Relations need only the parents of the units involved (a unit is the parent of another when
    // it is that one's `parent_id`), not the whole tree.
    let mut involved: HashSet<i64> = models.iter().map(|m| m.unit_id).collect();
    involved.extend(unit_of.values().copied().flatten());
    let tree = UnitTree::new(
        unit::Entity::find()
            .filter(unit::Column::Id.is_in(involved.into_iter().collect::<Vec<_>>()))
            .all(db)
            .await?
            .into_iter()
            .map(|u| (u.id, u.parent_id)),
    );
    let recorded = conflict::Entity::find()
        .filter(conflict::Column::InitiativeId.is_in(entries.to_vec()))
        .filter(conflict::Column::UserId.is_in(people.to_vec()))
        .all(db)
        .await?;
    for m in models {
        let author_users: Vec<i64> = authors
            .iter()
            .filter(|a| a.initiative_id == m.id)
            .filter_map(|a| a.user_id)
            .collect();
        let mut units = vec![m.unit_id];
        units.extend(
            author_users
                .iter()
                .filter_map(|u| unit_of.get(u).copied().flatten()),
        );
        units.dedup();
        let parties = Parties {
            owner: m.owner_id,
            author_users,
            units,
        };
        for &p in people {
            let of = |kind: &str| {
                recorded
                    .iter()
                    .any(|c| c.initiative_id == m.id && c.user_id == p && c.kind == kind)
            };
            let mut kinds = automatic(p, unit_of.get(&p).copied().flatten(), &parties, &tree);
            if of("override") {
                kinds.retain(|k| !k.can_be_overridden());
            }
            if of("declared") {
                kinds.push(ConflictKind::Declared);
            }
            if !kinds.is_empty() {
                out.insert((m.id, p), kinds);
            }
        }
    }
    Ok(out)
}

/// The conflicts in force between one entry and one person (empty when free).
pub async fn of(db: &impl ConnectionTrait, entry: i64, person: i64) -> Result<Vec<ConflictKind>> {
    Ok(matrix(db, &[entry], &[person])
        .await?
        .remove(&(entry, person))
        .unwrap_or_default())
}

/// Entries among `entries` that `person` may not see.
pub async fn blocked_for(
    db: &impl ConnectionTrait,
    entries: &[i64],
    person: i64,
) -> Result<HashSet<i64>> {
    Ok(matrix(db, entries, &[person])
        .await?
        .into_keys()
        .map(|(e, _)| e)
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    // 1 province → 2 department → 3 office; 4 another department.
    fn tree() -> UnitTree {
        UnitTree::new([(1, None), (2, Some(1)), (3, Some(2)), (4, Some(1))])
    }

    #[test]
    fn same_parent_and_child_units_conflict_siblings_and_grandparents_do_not() {
        let t = tree();
        assert_eq!(t.relation(2, 2), Some(ConflictKind::SameUnit));
        assert_eq!(t.relation(2, 3), Some(ConflictKind::ParentUnit));
        assert_eq!(t.relation(3, 2), Some(ConflictKind::ChildUnit));
        assert_eq!(t.relation(4, 2), None);
        assert_eq!(t.relation(1, 3), None);
    }

    #[test]
    fn an_author_conflicts_whatever_the_unit() {
        let parties = Parties {
            owner: Some(10),
            author_users: vec![11],
            units: vec![3],
        };
        assert_eq!(
            automatic(11, Some(4), &parties, &tree()),
            vec![ConflictKind::Author]
        );
        assert_eq!(
            automatic(10, Some(3), &parties, &tree()),
            vec![ConflictKind::Author, ConflictKind::SameUnit]
        );
        assert!(automatic(12, None, &parties, &tree()).is_empty());
        assert!(automatic(12, Some(4), &parties, &tree()).is_empty());
    }
}
