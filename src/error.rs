//! Errors that know whose fault they are: the user's input, the register's content, the
//! environment (git, the disk), or `risk` itself; each maps to an exit code in one place.

use std::fmt;

/// A problem with one place in the register, printed as `file:line: key: message`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Located {
    pub file: String,
    pub line: Option<usize>,
    pub key: Option<String>,
    pub message: String,
}

impl fmt::Display for Located {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut text = String::new();
        self.write_to(&mut text);
        f.write_str(&text)
    }
}

impl Located {
    /// Appends `file:line: key: message` (without the parts it lacks) to `out`, as `Display`
    /// writes it: `check` writes one for every finding.
    pub fn write_to(&self, out: &mut String) {
        out.push_str(&self.file);
        if let Some(line) = self.line {
            use std::fmt::Write;
            let _ = write!(out, ":{line}"); // a `String` takes every write
        }
        out.push_str(": ");
        if let Some(key) = &self.key {
            out.push_str(key);
            out.push_str(": ");
        }
        out.push_str(&self.message);
    }
}

/// Whose fault an error is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ErrorKind {
    /// Bad usage: a flag, an id or a value on the command line.
    Usage,
    /// Bad register content: a file, line and key that must be fixed.
    Input,
    /// The world outside: git missing, the disk full, the register locked by another command.
    Environment,
    /// A bug in `risk`.
    Internal,
}

impl ErrorKind {
    /// The exit code (DESIGN 8): 2 for anything that stopped the command, whoever is at fault.
    pub fn exit_code(self) -> u8 {
        match self {
            ErrorKind::Usage | ErrorKind::Input | ErrorKind::Environment => 2,
            // Still 2 for scripts, which only distinguish "check failed" from "could not run".
            ErrorKind::Internal => 2,
        }
    }
}

/// An error with its kind, the places it concerns (for input errors) and an optional hint.
/// The command stops, writes nothing, and exits with the kind's code.
#[derive(Debug)]
pub struct Error {
    pub kind: ErrorKind,
    pub problems: Vec<Located>,
    pub message: Option<String>,
    pub hint: Option<String>,
    /// What to do about the problems past the first twenty (the register's are all in `risk check`).
    pub rest: &'static str,
}

const REST_IN_CHECK: &str = "run `risk check` for the full list";

impl Error {
    /// Bad register content (or input given on the command line), each problem at its place.
    pub fn input(problems: Vec<Located>) -> Error {
        Error {
            kind: ErrorKind::Input,
            problems,
            message: None,
            hint: None,
            rest: REST_IN_CHECK,
        }
    }

    /// Says what to do about the problems past the first twenty, when they are not the
    /// register's (`risk check` does not see a spreadsheet's cells).
    pub fn with_rest(mut self, rest: &'static str) -> Error {
        self.rest = rest;
        self
    }

    pub fn usage(message: impl Into<String>) -> Error {
        Error::message(ErrorKind::Usage, message)
    }

    pub fn environment(message: impl Into<String>) -> Error {
        Error::message(ErrorKind::Environment, message)
    }

    pub fn internal(message: impl Into<String>) -> Error {
        Error::message(ErrorKind::Internal, message)
    }

    fn message(kind: ErrorKind, message: impl Into<String>) -> Error {
        Error {
            kind,
            problems: Vec::new(),
            message: Some(message.into()),
            hint: None,
            rest: REST_IN_CHECK,
        }
    }

    pub fn with_hint(mut self, hint: impl Into<String>) -> Error {
        self.hint = Some(hint.into());
        self
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        const SHOWN: usize = 20;
        let mut first = true;
        if let Some(message) = &self.message {
            if self.kind == ErrorKind::Internal {
                write!(f, "internal error (a bug in risk; please report it): ")?;
            }
            write!(f, "{message}")?;
            first = false;
        }
        for problem in self.problems.iter().take(SHOWN) {
            if !first {
                writeln!(f)?;
            }
            write!(f, "{problem}")?;
            first = false;
        }
        if self.problems.len() > SHOWN {
            write!(
                f,
                "\n... and {} more ({})",
                self.problems.len() - SHOWN,
                self.rest
            )?;
        }
        Ok(())
    }
}

impl std::error::Error for Error {}

impl From<Located> for Error {
    fn from(problem: Located) -> Self {
        Error::input(vec![problem])
    }
}

/// The kind of any error a command returned: ours say it; an I/O error is the environment's;
/// anything else is a usage error (a message written for the person at the shell).
pub fn kind_of(err: &anyhow::Error) -> ErrorKind {
    if let Some(error) = err.downcast_ref::<Error>() {
        return error.kind;
    }
    if err
        .chain()
        .any(|cause| cause.downcast_ref::<std::io::Error>().is_some())
    {
        return ErrorKind::Environment;
    }
    ErrorKind::Usage
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_place_is_written_file_line_key_message() {
        let at = |line, key: Option<&str>| Located {
            file: "register/risks/RISK-0001.yaml".into(),
            line,
            key: key.map(String::from),
            message: "is overdue".into(),
        };
        let cases = [
            (
                at(Some(7), Some("review")),
                "register/risks/RISK-0001.yaml:7: review: is overdue",
            ),
            (
                at(None, Some("id")),
                "register/risks/RISK-0001.yaml: id: is overdue",
            ),
            (
                at(Some(0), None),
                "register/risks/RISK-0001.yaml:0: is overdue",
            ),
            (
                at(Some(1_234_567), None),
                "register/risks/RISK-0001.yaml:1234567: is overdue",
            ),
            (
                at(Some(usize::MAX), None),
                &format!("register/risks/RISK-0001.yaml:{}: is overdue", usize::MAX),
            ),
        ];
        for (place, text) in cases {
            assert_eq!(place.to_string(), text);
        }
    }
}
