//! The `format` rule: a record file not in canonical form (`risk fmt` rewrites it), or a
//! temporary file an interrupted write left behind (`risk fmt` removes it).

use chrono::NaiveDate;
use rayon::prelude::*;
use serde::Serialize;

use crate::check::{Finding, Level};
use crate::codec::{self, locate};
use crate::error::Located;
use crate::snapshot::{Record, Snapshot};

pub fn format(register: &Snapshot, _today: NaiveDate) -> Vec<Finding> {
    let mut out: Vec<Finding> = register.risks.par_iter().filter_map(check).collect();
    out.par_extend(register.incidents.par_iter().filter_map(check));
    out.par_extend(register.claims.par_iter().filter_map(check));
    out.par_extend(register.swots.par_iter().filter_map(check));
    out.par_extend(register.pestles.par_iter().filter_map(check));
    out.extend(register.leftovers.iter().map(|rel| Finding {
        rule: "format",
        level: Level::Warning,
        record: None,
        at: Located {
            file: register.display_path(rel),
            line: None,
            key: None,
            message: "a temporary file left by an interrupted write; `risk fmt` removes it".into(),
        },
    }));
    out
}

fn check<T: Serialize + crate::snapshot::Loadable>(record: &Record<T>) -> Option<Finding> {
    if record.canonical() {
        return None; // checked when it was read
    }
    let text = record.text();
    let line = codec::first_difference(&record.value, &text)?;
    let message = if locate::first_comment(&text).is_some() {
        "is not in canonical form, and holds comments that `risk fmt` would lose; \
         match the canonical layout by hand (key order, block style, two-space indent)"
            .to_string()
    } else {
        format!(
            "is not in canonical form from line {line} on; `risk fmt` rewrites it (nothing else changes)"
        )
    };
    Some(Finding {
        rule: "format",
        level: Level::Warning,
        record: Some(record.value.id().to_string()),
        at: Located {
            file: record.file().to_string(),
            line: Some(line),
            key: None,
            message,
        },
    })
}
