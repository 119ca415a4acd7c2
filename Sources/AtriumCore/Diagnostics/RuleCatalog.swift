/// Every rule Atrium knows, with its explanation. Schema keyword rules (`schema/enum`, …)
/// are made on demand by `RuleID.schema(_:)`.
extension RuleID {
    // MARK: Reading files

    public static let fileUnreadable = RuleID(
        "file/unreadable", .error, summary: "a file under content/ could not be read",
        explanation: """
        Atrium reads every Markdown file under the content directory. When the operating system refuses \
        to read one (permissions, a broken symbolic link, a file that vanished during the run), the product \
        cannot be compiled and is reported here rather than silently dropped. Fix the file's permissions or \
        remove it from the repository.
        """, isConfigurable: false)

    public static let fileEmpty = RuleID(
        "file/empty", .error, summary: "a Markdown file is empty",
        explanation: """
        An empty `.md` file under the content directory is almost always an accident: a file created and \
        never written, or a failed copy. Every knowledge product needs front matter (between two `---` \
        lines) and a body. Write the product, or delete the file.
        """, isConfigurable: false)

    public static let fileBinary = RuleID(
        "file/binary", .error, summary: "a file with a .md name holds binary data",
        explanation: """
        The file has a Markdown name but contains NUL bytes, so it is not text: typically a PDF or Word \
        document renamed by mistake. Attach binary files through the `attachments` field instead, and keep \
        `.md` for Markdown.
        """, isConfigurable: false)

    public static let fileTooLarge = RuleID(
        "file/too-large", .error, summary: "a Markdown file is larger than the configured limit",
        explanation: """
        Atrium refuses to read Markdown files larger than `content.max_file_size` (default 10 MB), so that one \
        runaway file cannot exhaust the build machine's memory. Split the product, move data into an \
        attachment, or raise the limit in `atrium.yml` if the file is genuinely that large.
        """, isConfigurable: false)

    public static let fileOutsideRepository = RuleID(
        "file/outside-repository", .error, summary: "a symbolic link points outside the repository",
        explanation: """
        A symbolic link under the content directory (or the content folder itself), or a template or asset \
        of the site's template folder, resolves to a place outside the repository (outside the template \
        folder, for templates and assets). Atrium never follows such links: in CI they could publish files \
        from the build machine. Replace the link with the file itself.
        """, isConfigurable: false)

    public static let encodingInvalidUTF8 = RuleID(
        "encoding/invalid-utf8", .error, summary: "a file is not valid UTF-8",
        explanation: """
        Knowledge products must be UTF-8 text. The file contains a byte sequence that is not valid UTF-8, \
        usually because it was saved in a legacy encoding (Windows-1252, Latin-1). Re-save the file as UTF-8 \
        in your editor ("Save with encoding" → UTF-8).
        """, isConfigurable: false)

    public static let encodingBOM = RuleID(
        "encoding/bom", .warning, summary: "a file starts with a UTF-8 byte-order mark",
        explanation: """
        The file begins with the invisible byte-order mark U+FEFF. Atrium reads it correctly, but other tools \
        (YAML parsers, diff viewers, some static-site generators) do not, and treat the first `---` as text. \
        Save the file as "UTF-8" rather than "UTF-8 with BOM".
        """)

    // MARK: Front matter and YAML

    public static let frontMatterMissing = RuleID(
        "front-matter/missing", .error, summary: "a Markdown file has no front matter",
        explanation: """
        Every knowledge product starts with YAML front matter between two lines of three dashes:

            ---
            title: Guidance note on …
            type: guidance-note
            ---

        The front matter carries the metadata the organization's standards require. Files that are not \
        products (a README, say) can be exempted with `content.front_matter_optional` in `atrium.yml`.
        """, isConfigurable: false)

    public static let frontMatterUnterminated = RuleID(
        "front-matter/unterminated", .error, summary: "front matter is opened with `---` but never closed",
        explanation: """
        The file starts with `---` but no later line consists of `---` alone, so Atrium cannot tell where the \
        metadata ends and the body begins. Add a line with exactly `---` after the last metadata field.
        """, isConfigurable: false)

    public static let frontMatterNotMapping = RuleID(
        "front-matter/not-mapping", .error, summary: "front matter is a list or a single value, not fields",
        explanation: """
        Front matter must be a YAML mapping of field names to values (`title: …`, `type: …`). A list \
        (`- item`) or a lone value at the top level carries no field names. Write each field as `name: value`.
        """, isConfigurable: false)

    public static let yamlSyntax = RuleID(
        "yaml/syntax", .error, summary: "front matter is not valid YAML",
        explanation: """
        The YAML parser could not read the front matter. Common causes: a colon followed by a space inside \
        an unquoted value (quote the value), an unclosed quote or bracket, or inconsistent indentation. The \
        caret shows where the parser gave up; the mistake is often on that line or the one before.
        """, isConfigurable: false)

    public static let yamlTabIndentation = RuleID(
        "yaml/tab-indentation", .error, summary: "YAML indented with a tab",
        explanation: """
        YAML forbids tab characters for indentation, and editors often hide them. Replace the tab with spaces \
        (two per level is the convention in this repository).
        """, isConfigurable: false)

    public static let yamlDuplicateKey = RuleID(
        "yaml/duplicate-key", .error, summary: "a field is written twice in the same mapping",
        explanation: """
        The same field name appears twice in one mapping. YAML parsers disagree about which value wins, so \
        Atrium refuses to guess. Keep one of them, merging the values if both were meant.
        """, isConfigurable: false)

    public static let yamlTooComplex = RuleID(
        "yaml/too-complex", .error, summary: "front matter expands to an absurd size or depth",
        explanation: """
        YAML aliases (`*name`) repeat an anchored value; nested aliases can expand a few lines into billions \
        of values (the "billion laughs" attack), and deeply nested brackets can exhaust the parser's stack. \
        Atrium stops expanding past a fixed budget and depth. Front matter of a knowledge product never needs \
        this: write the values out.
        """, isConfigurable: false)

    public static let dateInvalid = RuleID(
        "date/invalid", .error, summary: "a date that does not exist, such as 2024-02-30",
        explanation: """
        A value written as a date (`YYYY-MM-DD`) names a day that does not exist in the calendar: a 30th of \
        February, a 13th month. Correct the date. Dates may be written plain (`date: 2024-02-14`) or quoted \
        (`date: "2024-02-14"`); both are accepted.
        """)

    // MARK: Products

    public static let typeMissing = RuleID(
        "type/missing", .error, summary: "a product has no `type`",
        explanation: """
        The `type` field decides which of the organization's standards (JSON Schemas in `schemas/`) a product \
        must meet. Add `type:` with one of the product types, for example `type: guidance-note`.
        """, isConfigurable: false)

    public static let typeUnknown = RuleID(
        "type/unknown", .error, summary: "a product's `type` has no schema",
        explanation: """
        Each product type has a JSON Schema named `<type>.schema.json` in the schemas directory. The product's \
        `type` matches none of them. Correct the spelling (the help line suggests the nearest type), or add a \
        schema for the new type.
        """)

    public static let idDuplicate = RuleID(
        "id/duplicate", .error, summary: "two products share an id",
        explanation: """
        A product's id (its `id` field, or its file name without `.md`) names its page and is how other \
        products refer to it, so it must be unique across the repository. Give one of the products a new id; \
        if one replaces the other, use `supersedes` and `superseded_by`.
        """)

    public static let idCollision = RuleID(
        "id/collision", .error, summary: "two ids differ only in case or Unicode normalization",
        explanation: """
        Each id becomes a page of the portal. `Report-2024` and `report-2024`, or an `é` written as one code point \
        and as `e` plus a combining accent, are different ids but the same file on macOS and Windows file systems \
        (and on many web servers): one page would silently overwrite the other. Give one of them a clearly different id.
        """)

    public static let idInvalid = RuleID(
        "id/invalid", .error, summary: "a product id is not a safe slug",
        explanation: """
        Ids become URLs and file names in the portal, so they are restricted to letters, digits and single \
        `-`, `_` or `.` separators (`guidance-note-on-mediation-2024`). Slashes, `..`, spaces and control \
        characters are refused: they would break links or write outside the site.
        """)

    public static let contentEmpty = RuleID(
        "content/empty", .note, summary: "the content folder holds no Markdown files",
        explanation: """
        No `.md` file was found under the content directory, so there was nothing to check and the portal \
        has no products. That is expected in a brand-new repository; otherwise the products probably live in \
        another folder: set `content_dir` in `atrium.yml` to it. `atrium new <type> "Title"` writes a first product.
        """)

    public static let taxonomyUnknown = RuleID(
        "taxonomy/unknown", .error, summary: "a unit, area, support type, region, country or language is not configured",
        explanation: """
        Taxonomy values (owner units, strategic areas, types of support, regions, countries, languages) are \
        defined once in `atrium.yml` so that browsing and reports group products reliably. The value is not \
        in that list: fix the spelling (the help line suggests the nearest term) or, if it is genuinely new, \
        add it to `atrium.yml` in the same pull request.
        """)

    // MARK: Configuration

    public static let configInvalid = RuleID(
        "config/invalid", .error, summary: "atrium.yml is missing or malformed",
        explanation: """
        `atrium.yml` at the repository root configures the site, the taxonomies, the review intervals and rule \
        severities. It is missing, is not valid YAML, or a setting has the wrong shape. The message names the \
        setting; `atrium init` writes a complete, commented example.
        """, isConfigurable: false)

    public static let schemaInvalid = RuleID(
        "schema/invalid", .error, summary: "a schema in schemas/ cannot be compiled",
        explanation: """
        A JSON Schema in the schemas directory is not valid JSON or YAML, uses a `$ref` that resolves to \
        nothing, or has a keyword with a malformed value (an invalid regular expression, say). Products of that \
        type cannot be checked until the schema is fixed.
        """, isConfigurable: false)

    /// A violation of one JSON Schema keyword, e.g. `schema/enum`.
    public static func schema(_ keyword: String) -> RuleID {
        RuleID(
            "schema/\(keyword)", .error,
            summary: "front matter violates the `\(keyword)` constraint of its type's schema",
            explanation: """
            The organization's metadata standard for each product type is a JSON Schema in the schemas \
            directory. This rule reports a value that breaks its `\(keyword)` constraint. The message says \
            what the schema asks for; the schema's own `description` of the field says why.
            """)
    }

    /// Every fixed rule, for `atrium explain` and the SARIF rule table.
    public static let catalog: [RuleID] = [
        .fileUnreadable, .fileEmpty, .fileBinary, .fileTooLarge, .fileOutsideRepository,
        .encodingInvalidUTF8, .encodingBOM,
        .frontMatterMissing, .frontMatterUnterminated, .frontMatterNotMapping,
        .yamlSyntax, .yamlTabIndentation, .yamlDuplicateKey, .yamlTooComplex, .dateInvalid,
        .typeMissing, .typeUnknown, .idDuplicate, .idCollision, .idInvalid, .contentEmpty, .taxonomyUnknown,
        .configInvalid, .schemaInvalid,
        .gitUnavailable, .gitShallow, .gitIgnoreRevisions, .cacheUnusable, .freshnessOverdue,
    ] + crossProductCatalog + bodyCatalog + templateCatalog

    /// Looks a rule up by its id, including `schema/<keyword>` rules.
    public static func named(_ id: String) -> RuleID? {
        if let rule = catalog.first(where: { $0.id == id }) { return rule }
        if id.hasPrefix("schema/"), id.count > 7 { return .schema(String(id.dropFirst(7))) }
        return nil
    }
}

// MARK: History and freshness

extension RuleID {
    public static let gitUnavailable = RuleID(
        "git/unavailable", .error, summary: "the repository's git history cannot be read",
        explanation: """
        Freshness is computed from git history: the date of each product's last substantive commit. The folder \
        is not a git repository, git refuses to read it (owned by another user: add it to `safe.directory` as \
        the message shows), or the history is damaged. Run Atrium in a full clone, or pass `--no-git` to fall \
        back to file modification dates, which are only approximate.
        """, isConfigurable: false)

    public static let gitShallow = RuleID(
        "git/shallow", .error, summary: "a shallow clone cuts history short",
        explanation: """
        Most CI systems check out only the latest commit (a shallow clone). Every product would then look as if \
        it changed in that commit, and overdue products would pass as current. Fetch the full history: in \
        GitHub Actions set `fetch-depth: 0` on `actions/checkout`; elsewhere run `git fetch --unshallow`. With \
        `--allow-shallow` Atrium goes on and reports dates as lower bounds.
        """, isConfigurable: false)

    public static let gitIgnoreRevisions = RuleID(
        "git/ignore-revisions", .warning, summary: "a line of the ignore-revisions file is not a commit id",
        explanation: """
        Commits listed in the ignore-revisions file (`.git-blame-ignore-revs` by default, the file GitHub's blame \
        view honours) do not reset freshness clocks: use it for bulk reformatting commits. Each line must be a \
        full 40-character commit id; `#` starts a comment.
        """)

    public static let cacheUnusable = RuleID(
        "cache/unusable", .note, summary: "the history cache in .atrium-cache/ was damaged or is not a plain folder, and was not used",
        explanation: """
        To keep runs fast, Atrium stores the histories it computed in `.atrium-cache/`, with a checksum. A \
        cache file that is truncated, edited or otherwise damaged is never trusted: it is ignored, history is \
        walked again from git (as slow as a first run) and the cache is written anew. A `.atrium-cache` that \
        is a symbolic link, or a file instead of a folder, is neither read nor written: a link committed to \
        the repository could point anywhere on the build machine. Delete it; the folder is safe to delete at \
        any time and is recreated on the next run.
        """)

    public static let freshnessOverdue = RuleID(
        "freshness/overdue", .warning, summary: "a product is past its review date",
        explanation: """
        A product is due for review at its reference date (the later of its last substantive commit and its \
        `last_reviewed` date) plus its review interval (per type in `atrium.yml`, or the product's own \
        `review_interval`). Past that date it is overdue: review it, then either revise it or set \
        `last_reviewed` to the day a reviewer confirmed it is still right. Organizations that want overdue \
        products to fail CI set `rules: {freshness/overdue: error}`.
        """)
}

// MARK: Rules across products

extension RuleID {
    public static let referenceUnresolved = RuleID(
        "ref/unresolved", .error, summary: "a reference names no product",
        explanation: """
        `related`, `supersedes`, `superseded_by`, `translation_of`, a plan item's `delivered_as` and a \
        recommendation's `evidence` (when it is not a URL) must name the id of a product in the repository. \
        The help line suggests the nearest id; if the product was renamed, use its new id.
        """)

    public static let referenceSupersession = RuleID(
        "ref/supersession", .error, summary: "`supersedes` and `superseded_by` disagree",
        explanation: """
        When a product replaces another, both say so: the new one has `supersedes: <old id>` and the old one \
        has `superseded_by: <new id>` and `status: superseded`. Readers of either page then find the other.
        """)

    public static let referenceInternalFromPublic = RuleID(
        "ref/internal-from-public", .error, summary: "a public product refers to an internal one",
        explanation: """
        The public portal must not reveal anything internal, not even a title in a related-links list. A \
        product with `audience: public` may not name an internal product in `related`, `supersedes`, \
        `superseded_by` or `translation_of`. Remove the reference, or make the other product public.
        """)

    public static let qualityTrail = RuleID(
        "qa/trail", .error, summary: "the quality-assurance trail is incomplete or inconsistent",
        explanation: """
        Published products carry their quality assurance: a published research paper lists `peer_reviewers`; \
        a published guidance note has `approved_by` and `approved_on`, and it cannot be approved before its \
        `date`; reviewers are other people than the authors.
        """)

    public static let timeliness = RuleID(
        "timeliness/late-capture", .warning, summary: "a lesson was written down long after the event",
        explanation: """
        Lessons are captured while memories are fresh: an after-action review soon after its event, an \
        end-of-assignment report soon after the assignment ends. The limits are `timeliness.after_action_review_days` \
        (default 30) and `timeliness.end_of_assignment_report_days` (default 60) in atrium.yml.
        """)

    public static let recommendationDuplicate = RuleID(
        "recommendation/duplicate-id", .error, summary: "two recommendations of one product share an id",
        explanation: """
        Recommendations are tracked items: reports follow each by its id (`R1`, `R2`, …) from the product that \
        made it to the change that implemented it. Within one product every id must be distinct.
        """)

    public static let lessonsOverdue = RuleID(
        "lessons/overdue", .warning, summary: "a recommendation is past its due date and not implemented",
        explanation: """
        A lesson counts as learned only once the change it asks for is implemented. A recommendation whose `due` \
        date has passed while its `status` is still `open` or `in-progress` is overdue, and is reported to its \
        owner unit (`atrium report lessons`). Implement it and set `status: implemented` with `evidence`; agree a \
        new `due` date with the owner; or set `status: not-accepted` and say why in the body.
        """)

    public static let dateInFuture = RuleID(
        "date/future", .error, summary: "a date lies in the future",
        explanation: """
        A product's `date`, `approved_on`, `last_reviewed`, an event date or an assignment end cannot be later \
        than today (`--now`, `SOURCE_DATE_EPOCH` or the clock). A future `last_reviewed` would hide a product \
        from freshness checks for years.
        """)

    public static let dateAfterCommit = RuleID(
        "date/after-commit", .warning, summary: "`date` is later than the last commit that touched the file",
        explanation: """
        A product cannot have been issued after the last time its file changed: the `date` was probably mistyped \
        (a wrong year, say). Correct it.
        """)

    public static let attachmentMissing = RuleID(
        "attachment/missing", .error, summary: "an attachment is missing or outside the repository",
        explanation: """
        Every path in `attachments` is relative to the repository root and must name a file inside the \
        repository: absolute paths, `..` segments and symbolic links that leave the repository are refused, \
        because the portal copies attachments into the public site.
        """)

    /// The rules across products, for `explain` and SARIF.
    public static let crossProductCatalog: [RuleID] = [
        .referenceUnresolved, .referenceSupersession, .referenceInternalFromPublic, .qualityTrail, .timeliness,
        .recommendationDuplicate, .lessonsOverdue, .dateInFuture, .dateAfterCommit, .attachmentMissing,
    ]
}

// MARK: Bodies

extension RuleID {
    public static let imageAlt = RuleID(
        "a11y/image-alt", .warning, summary: "an image has no alt text",
        explanation: """
        Screen readers read an image's alt text in its place: `![Bar chart of unpaid care hours by country](chart.svg)`. \
        Describe what the image shows, in a sentence. A purely decorative image is better left out of a knowledge product.
        """)

    public static let headingSkip = RuleID(
        "a11y/heading-skip", .warning, summary: "a heading level is skipped",
        explanation: """
        The page title is the level-1 heading, so a body's sections start at `##`; a heading may go at most one level \
        deeper than the one before it (`##` then `###`, not `##` then `####`). Assistive technology navigates by \
        this outline.
        """)

    public static let linkText = RuleID(
        "a11y/link-text", .warning, summary: "a link's text does not say where it leads",
        explanation: """
        Links are often read out of context (a screen reader's list of links, a skim of the page): \"click here\" or \
        \"read more\" says nothing. Make the text name the destination: `see [the guidance on safe referrals](…)`.
        """)

    public static let bodyCatalog: [RuleID] = [.imageAlt, .headingSkip, .linkText]
}

// MARK: Site templates

extension RuleID {
    public static let templateSyntax = RuleID(
        "template/syntax", .error, summary: "a template in site-template/ is not valid Mustache",
        explanation: """
        The portal's templates are Mustache files in `site-template/templates/`. This one cannot be parsed: a \
        section opened with `{{#name}}` is closed with a different name or not at all, or a tag is not \
        terminated. The message gives the template's file and line; fix the tag there.
        """, isConfigurable: false)

    public static let templateUnknownName = RuleID(
        "template/unknown-name", .error, summary: "a template uses a name no view model provides",
        explanation: """
        Mustache renders a name it cannot find as nothing, so a typo such as `{{titel}}` would ship a blank \
        where the title should be. Atrium checks every tag of every template against the view models it \
        renders them with (following sections: inside `{{#product}}` a name may come from the product or from \
        any enclosing context) and stops the build. `site-template/README.md` lists every name each page \
        gets; the help line suggests the nearest one.
        """, isConfigurable: false)

    public static let templateMissingPartial = RuleID(
        "template/missing-partial", .error, summary: "a template includes a partial or layout that does not exist",
        explanation: """
        `{{> name}}` includes `site-template/templates/name.mustache` and `{{< name}}` extends it. Mustache \
        renders a missing one as nothing; Atrium stops the build instead. Create the file or correct the name.
        """, isConfigurable: false)

    public static let templateMissing = RuleID(
        "template/missing", .error, summary: "a page template the portal needs is missing",
        explanation: """
        Every kind of page has a template in `site-template/templates/`: home, product, listing, taxonomy, \
        browse, search and not-found. One of them is missing. Restore it from Atrium's own `site-template/`.
        """, isConfigurable: false)

    public static let templateCatalog: [RuleID] = [.templateSyntax, .templateUnknownName, .templateMissingPartial, .templateMissing]
}
