//! `--map HEADER=FIELD` / `--map LETTER=FIELD` pairs, from the command line or from a mapping
//! file a user wrote once (`--map-file FILE.yaml`, the same pairs as a YAML mapping).

use indexmap::IndexMap;

use super::columns::{Field, MapPair, Target};
use crate::codec;

/// One `HEADER=FIELD` pair (the header may itself hold `=`: the last one splits).
pub fn pair(text: &str, target: Target) -> Result<MapPair, String> {
    let (column, field) = text
        .rsplit_once('=')
        .ok_or_else(|| format!("--map `{text}`: expected HEADER=FIELD or LETTER=FIELD"))?;
    let column = column.trim();
    if column.is_empty() {
        return Err(format!("--map `{text}`: the column is empty"));
    }
    let field = Field::parse(field, target).map_err(|m| format!("--map `{text}`: {m}"))?;
    Ok(MapPair {
        column: column.to_string(),
        field,
    })
}

/// The pairs of a mapping file: `HEADER: FIELD` lines, optionally under a `map:` key.
pub fn file(name: &str, text: &str, target: Target) -> Result<Vec<MapPair>, String> {
    #[derive(serde::Deserialize)]
    #[serde(untagged)]
    enum MapFile {
        Nested { map: IndexMap<String, String> },
        Flat(IndexMap<String, String>),
    }
    let parsed: MapFile = codec::parse(text).map_err(|e| {
        let line = e.line.map(|l| format!(":{l}")).unwrap_or_default();
        format!(
            "{name}{line}: {}; expected `HEADER: FIELD` lines, optionally under `map:`",
            e.message
        )
    })?;
    let pairs = match parsed {
        MapFile::Nested { map } | MapFile::Flat(map) => map,
    };
    pairs
        .into_iter()
        .map(|(column, field)| {
            let field =
                Field::parse(&field, target).map_err(|m| format!("{name}: {column}: {m}"))?;
            Ok(MapPair { column, field })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::columns::Rating;

    #[test]
    fn pairs_come_from_flags_and_files() {
        let p = pair("AB=inherent.likelihood", Target::Risks).unwrap();
        assert_eq!(p.column, "AB");
        assert_eq!(p.field, Field::Likelihood(Rating::Inherent));
        assert_eq!(
            pair("H=ignore", Target::Risks).unwrap().field,
            Field::Ignore
        );
        assert!(
            pair("H", Target::Risks)
                .unwrap_err()
                .contains("HEADER=FIELD")
        );
        assert!(
            pair("H=colour", Target::Risks)
                .unwrap_err()
                .contains("not a field")
        );
        let pairs = file(
            "m.yaml",
            "map:\n  Chance: likelihood\n  H: ignore\n",
            Target::Risks,
        )
        .unwrap();
        assert_eq!(pairs.len(), 2);
        let flat = file("m.yaml", "Chance: likelihood\n", Target::Risks).unwrap();
        assert_eq!(flat[0].field, Field::Likelihood(Rating::Current));
        assert!(file("m.yaml", "Chance: colour\n", Target::Risks).is_err());
    }
}
