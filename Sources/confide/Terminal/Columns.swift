/// Two aligned columns (a name, what it does), wrapped to a width: a long name puts its text on
/// the next line, and a narrow terminal puts every text under its name, so nothing breaks
/// mid-word and the second column stays aligned at any width.
enum Columns {
    static func render(_ rows: [(name: String, help: String)], width: Int, indent: Int = 2, nameWidth: Int = 22) -> String {
        let lead = String(repeating: " ", count: indent)
        let column = indent + nameWidth + 2
        // Below this much room for the text, it reads better under the name.
        let stacked = width - column < 28
        var out = ""
        for row in rows {
            // A name wider than the window (a long command line) wraps under itself.
            let name = TextWrap.wrap(row.name, width: width, indent: lead + "  ", firstIndent: lead)
            if stacked {
                out += name + "\n"
                out += TextWrap.wrap(row.help, width: width, indent: lead + "    ") + "\n"
                continue
            }
            let pad = String(repeating: " ", count: column)
            if TextWrap.visibleWidth(row.name) > nameWidth {
                out += name + "\n" + TextWrap.wrap(row.help, width: width, indent: pad) + "\n"
            } else {
                let first = lead + row.name + String(repeating: " ", count: column - indent - TextWrap.visibleWidth(row.name))
                out += TextWrap.wrap(row.help, width: width, indent: pad, firstIndent: first) + "\n"
            }
        }
        return out
    }
}
