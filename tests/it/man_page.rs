//! `risk man`: one page with EXIT STATUS, EXAMPLES, ENVIRONMENT and FILES, and no references
//! to pages it does not install.

use crate::support::RegisterTest;

#[test]
fn the_man_page_has_the_sections_a_reader_looks_for_and_no_dangling_references() {
    let t = RegisterTest::without_register();
    let page = t.run(["man"]).success().stdout_text();
    for section in [
        ".SH EXIT STATUS",
        ".SH ENVIRONMENT",
        ".SH FILES",
        ".SH EXAMPLES",
        ".SH COMMANDS",
    ] {
        assert!(page.contains(section), "{section} missing");
    }
    assert!(page.contains("RISK_REGISTER") && page.contains("register.yaml"));
    assert!(
        !page.contains("(1)"),
        "a reference to a page `risk man` does not print"
    );
    assert!(
        page.contains("\\fBrisk incident\\fR"),
        "every command is listed"
    );
}
