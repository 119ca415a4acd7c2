import AtriumCore
import Testing

@Suite("Did you mean")
struct SuggestionTests {
    @Test("common typos find their target", arguments: [
        ("publshed", "published"), ("pubilshed", "published"), ("Published", "published"),
        ("guidance-notes", "guidance-note"), ("hq-polcy", "hq-policy"), ("titel", "title"),
    ])
    func typo(_ pair: (String, String)) {
        let candidates = ["draft", "in-review", "published", "archived", "superseded", "guidance-note", "practice-note",
                          "hq-policy", "hq-programme", "title", "type"]
        #expect(Suggestion.closest(to: pair.0, among: candidates) == pair.1)
    }

    @Test("nothing close means no suggestion")
    func noSuggestion() {
        #expect(Suggestion.closest(to: "banana", among: ["draft", "published"]) == nil)
        #expect(Suggestion.closest(to: "x", among: ["yy"]) == nil)
    }

    @Test("edit distance counts a transposition once")
    func distance() {
        #expect(Suggestion.editDistance("abc", "acb") == 1)
        #expect(Suggestion.editDistance("kitten", "sitting") == 3)
        #expect(Suggestion.editDistance("", "abc") == 3)
    }
}

@Suite("Calendar dates")
struct CalendarDateTests {
    @Test("real and impossible dates")
    func validity() {
        #expect(CalendarDate(iso: "2024-02-29") != nil)
        #expect(CalendarDate(iso: "2023-02-29") == nil)
        #expect(CalendarDate(iso: "2024-02-30") == nil)
        #expect(CalendarDate(iso: "2024-13-01") == nil)
        #expect(CalendarDate(iso: "2024-1-01") == nil)
        #expect(CalendarDate(iso: "1900-02-29") == nil)
        #expect(CalendarDate(iso: "2000-02-29") != nil)
    }

    @Test("arithmetic round-trips through days since the epoch")
    func arithmetic() throws {
        let date = try #require(CalendarDate(iso: "2024-01-31"))
        #expect(date.adding(months: 1).description == "2024-02-29")
        #expect(date.adding(.every(24, .month))?.description == "2026-01-31")
        #expect(date.adding(days: 1).description == "2024-02-01")
        #expect(CalendarDate(daysSinceEpoch: date.daysSinceEpoch) == date)
        #expect(CalendarDate(unixTime: 0).description == "1970-01-01")
        #expect(CalendarDate(unixTime: -1).description == "1969-12-31")
        #expect(date.adding(.never) == nil)
    }

    @Test("review intervals parse")
    func intervals() {
        #expect(ReviewInterval(parsing: "24 months") == .every(24, .month))
        #expect(ReviewInterval(parsing: "1 year") == .every(1, .year))
        #expect(ReviewInterval(parsing: "never") == .never)
        #expect(ReviewInterval(parsing: "0 days") == nil)
        #expect(ReviewInterval(parsing: "soon") == nil)
    }
}

@Suite("Messages quoting author values")
struct MessageEscapingTests {
    @Test("control characters in a message are shown escaped")
    func escaping() {
        let diagnostic = Diagnostic(rule: .idInvalid, message: "id `a\u{0}b\u{1B}[31m` is not valid", span: nil, help: "tab\there")
        #expect(diagnostic.message == "id `a\\u{0}b\\u{1B}[31m` is not valid")
        #expect(diagnostic.help == "tab\\u{9}here")
        #expect(Diagnostic(rule: .idInvalid, message: "two\nlines", span: nil).message == "two\nlines")
    }
}
