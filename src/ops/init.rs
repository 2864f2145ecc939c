//! `risk init`'s files: the settings with every default written out, and optionally three
//! sample risks.

use std::path::PathBuf;

use super::{Change, Outcome};
use crate::snapshot::SETTINGS_FILE;

/// The settings a new register starts with: every default, written out to be edited.
const SETTINGS: &str = include_str!("../cli/init/register.yaml");

const EXAMPLES: [(&str, &str); 3] = [
    ("RISK-0001", include_str!("../cli/init/RISK-0001.yaml")),
    ("RISK-0002", include_str!("../cli/init/RISK-0002.yaml")),
    ("RISK-0003", include_str!("../cli/init/RISK-0003.yaml")),
];

/// What `risk` may leave in a register and git should not take: the temporary files of an
/// interrupted write (`risk check` reports them, `risk fmt` removes them).
const GITIGNORE: &str =
    "# Left by a `risk` write that was interrupted; `risk fmt` removes them.\n.risk-*.tmp\n";

/// The files of a new register (each created new, so an existing register is never touched).
pub fn plan(example: bool) -> Outcome<()> {
    let mut changes = vec![
        Change::Create {
            rel: PathBuf::from(SETTINGS_FILE),
            text: SETTINGS.to_string(),
        },
        Change::Create {
            rel: PathBuf::from(".gitignore"),
            text: GITIGNORE.to_string(),
        },
    ];
    if example {
        for (id, text) in EXAMPLES {
            changes.push(Change::Create {
                rel: PathBuf::from("risks").join(format!("{id}.yaml")),
                text: text.to_string(),
            });
        }
    }
    Outcome::new(changes, ())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::codec as yaml;
    use crate::model::{Risk, Settings};

    #[test]
    fn the_settings_template_is_the_defaults() {
        let settings: Settings = yaml::parse(SETTINGS).unwrap();
        assert_eq!(settings, Settings::default());
    }

    #[test]
    fn the_examples_are_valid_canonical_risks() {
        for (id, text) in EXAMPLES {
            let risk: Risk = yaml::parse(text).unwrap();
            assert_eq!(risk.id.as_str(), id);
            assert_eq!(risk.validate(&Settings::default()), vec![]);
            assert_eq!(yaml::write(&risk), text, "{id} is not in canonical form");
        }
    }
}
