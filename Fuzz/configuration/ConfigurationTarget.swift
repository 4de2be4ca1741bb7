import SyncEngine

// The configuration loader: YAML text to a validated configuration or a configuration error,
// never a crash. Beyond that: an error names the file it was given and, when it has a line,
// one within the text (libyaml may point one past the last line); a configuration that loads
// loads again the same from the same text (no hidden state between loads).

func fuzz(_ input: [UInt8]) {
    let text = String(decoding: input, as: UTF8.self)
    let configuration: Configuration
    do throws(ConfigurationError) {
        configuration = try Configuration.parse(yaml: text, file: "fuzz.yaml")
    } catch {
        require(error.file == "fuzz.yaml", "the error names \(error.file.debugDescription)")
        let lineCount = yamlLineCount(text)
        if let line = error.line {
            require(line >= 1 && line <= lineCount + 1, "the error is on line \(line) of \(lineCount): \(error)")
        }
        require(!error.message.isEmpty, "an error without a message")
        return
    }
    let again = try? Configuration.parse(yaml: text, file: "fuzz.yaml")
    require(again == configuration, "the same text loaded twice gives two configurations")
}

/// Lines as libyaml counts them: CR, LF, CR LF, NEL, LS and PS each end one.
func yamlLineCount(_ text: String) -> Int {
    var count = 1
    var afterCR = false
    for scalar in text.unicodeScalars {
        switch scalar {
        case "\n" where afterCR: break
        case "\r", "\n", "\u{85}", "\u{2028}", "\u{2029}": count += 1
        default: break
        }
        afterCR = scalar == "\r"
    }
    return count
}
