//! `risk fmt`'s plan: which records are not in canonical form, and for each its new text or
//! why it is left alone. Writing happens only when every file can be formatted.

use std::path::PathBuf;

use super::Change;
use crate::codec::{self, locate};
use crate::error::Located;
use crate::snapshot::{Loadable, Record, Snapshot};

/// What fmt does with one file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Step {
    Rewrite(String),
    /// Holds comments: not rewritten, but listed by `--check` as not canonical.
    Commented(Located),
    /// Cannot be formatted safely.
    Refuse(Located),
}

/// One record file that is not canonical.
#[derive(Clone, Debug)]
pub struct FileStep {
    pub file: String,
    pub rel: PathBuf,
    pub step: Step,
}

/// Every record that is not canonical, and the files that could not be read at all.
#[derive(Clone, Debug, Default)]
pub struct Plan {
    pub files: Vec<FileStep>,
    /// Loading problems (not formatted), duplicate ids aside.
    pub unreadable: Vec<Located>,
    /// Temporary files an interrupted write left behind, to remove.
    pub leftovers: Vec<PathBuf>,
}

impl Plan {
    /// True when every file can be rewritten, so `fmt` may write.
    pub fn can_write(&self) -> bool {
        self.unreadable.is_empty()
            && self
                .files
                .iter()
                .all(|f| matches!(f.step, Step::Rewrite(_)))
    }

    /// The rewrites and the removal of leftover temporary files, as changes for the writer.
    pub fn changes(&self) -> Vec<Change> {
        let rewrites = self.files.iter().filter_map(|f| match &f.step {
            Step::Rewrite(text) => Some(Change::Replace {
                rel: f.rel.clone(),
                text: text.clone(),
            }),
            _ => None,
        });
        let removals = self
            .leftovers
            .iter()
            .map(|rel| Change::Remove { rel: rel.clone() });
        rewrites.chain(removals).collect()
    }
}

/// Plans `fmt` over a snapshot loaded with its problems kept.
pub fn plan(snapshot: &Snapshot) -> Plan {
    let unreadable: Vec<Located> = snapshot
        .problems
        .iter()
        .filter(|p| p.rule != "duplicate-id")
        .map(|p| {
            let mut at = p.at.clone();
            at.message = format!("{} (not formatted)", at.message);
            at
        })
        .collect();
    let mut files = plan_kind(&snapshot.risks);
    files.extend(plan_kind(&snapshot.incidents));
    files.extend(plan_kind(&snapshot.claims));
    files.extend(plan_kind(&snapshot.swots));
    files.extend(plan_kind(&snapshot.pestles));
    // A record kept despite a problem (an id mismatch) is reported as not formatted, only.
    let broken: std::collections::HashSet<&str> =
        unreadable.iter().map(|at| at.file.as_str()).collect();
    files.retain(|f| !broken.contains(f.file.as_str()));
    Plan {
        files,
        unreadable,
        leftovers: snapshot.leftovers.clone(),
    }
}

/// The records of one kind that are not canonical, each with its new text or why not.
fn plan_kind<T: Loadable>(records: &[Record<T>]) -> Vec<FileStep> {
    records
        .iter()
        .filter_map(|record| {
            if record.canonical() {
                return None; // the fast reader took it: canonical by construction
            }
            codec::first_difference(&record.value, &record.text())?;
            let step = |step| FileStep {
                file: record.file().to_string(),
                rel: record.rel().to_path_buf(),
                step,
            };
            if let Some(line) = locate::first_comment(&record.text()) {
                return Some(step(Step::Commented(Located {
                    file: record.file().to_string(),
                    line: Some(line),
                    key: None,
                    message: "holds a comment, which rewriting the file would lose; \
                              format it by hand, or move the comment into `notes`"
                        .into(),
                })));
            }
            let text = codec::write(&record.value);
            // Never change meaning: the new text must read back as the same record.
            let same = codec::parse::<T>(&text).is_ok_and(|back| back == record.value);
            if !same {
                return Some(step(Step::Refuse(Located {
                    file: record.file().to_string(),
                    line: None,
                    key: None,
                    message: "its canonical form would not read back the same; left as it is \
                              (please report this)"
                        .into(),
                })));
            }
            Some(step(Step::Rewrite(text)))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Risk;

    fn snapshot(texts: &[&str]) -> Snapshot {
        let mut snapshot = Snapshot::new("register", Default::default(), String::new());
        for (i, text) in texts.iter().enumerate() {
            let (value, canonical) = codec::read::<Risk>(text).unwrap();
            let rel = PathBuf::from(format!("risks/RISK-{:04}.yaml", i + 1));
            let file = format!("register/{}", rel.display());
            snapshot
                .risks
                .push(Record::new(value, file, rel, text.to_string(), canonical));
        }
        snapshot
    }

    #[test]
    fn canonical_files_are_left_alone_and_others_rewritten() {
        let plan = plan(&snapshot(&[
            "id: RISK-0001\ntitle: a\nlikelihood: 2\nimpact: 3\n",
            "title: b\nid: RISK-0002\nimpact: 3\nlikelihood: 2\n",
        ]));
        assert_eq!(plan.files.len(), 1);
        assert_eq!(plan.files[0].file, "register/risks/RISK-0002.yaml");
        assert_eq!(
            plan.files[0].step,
            Step::Rewrite("id: RISK-0002\ntitle: b\nlikelihood: 2\nimpact: 3\n".into())
        );
        assert!(plan.can_write());
        assert_eq!(
            plan.changes(),
            vec![Change::Replace {
                rel: "risks/RISK-0002.yaml".into(),
                text: "id: RISK-0002\ntitle: b\nlikelihood: 2\nimpact: 3\n".into()
            }]
        );
    }

    #[test]
    fn a_file_with_comments_blocks_the_write_and_is_named() {
        let plan = plan(&snapshot(&[
            "title: b # why\nid: RISK-0001\nimpact: 3\nlikelihood: 2\n",
            "title: c\nid: RISK-0002\nimpact: 3\nlikelihood: 2\n",
        ]));
        assert!(!plan.can_write());
        match &plan.files[0].step {
            Step::Commented(at) => assert_eq!(at.line, Some(1)),
            other => panic!("expected Commented, got {other:?}"),
        }
        // The other file is still planned, so `--check` lists both.
        assert!(matches!(plan.files[1].step, Step::Rewrite(_)));
    }
}
