import AtriumCore

/// The files of a new knowledge repository that are not copies of Atrium's own: a commented
/// `atrium.yml` for a small organization to adapt, an example product, `.gitignore`, a CI workflow
/// and a README for authors.
enum StarterFiles {
    static func configuration(title: String) -> String {
        """
        # Atrium configuration: everything organization-specific lives here, not in Atrium's code.
        # `atrium check` reports any setting it does not know, with the line and a suggestion.

        # --- The compiled portal ------------------------------------------------------
        site:
          title: \(ProductScaffold.quoted(title))
          # The absolute address the portal is served from (feeds, sitemap, canonical
          # links). Keep the trailing slash. `atrium build --base-url` overrides it.
          base_url: https://knowledge.example.org/

        # Products live under content/<type>/<id>.md; schemas under schemas/ (one
        # <type>.schema.json per product type, plus common.schema.json); the portal's
        # look under site-template/.
        content_dir: content
        schemas_dir: schemas

        # --- What `atrium new` fills in --------------------------------------------------
        # The owner and language of a new product when `--owner`/`--language` are not given.
        defaults:
          owner: hq-knowledge
          language: en

        # --- Freshness ----------------------------------------------------------------
        # A product is due for review one review interval after the later of its last
        # substantive commit and its `last_reviewed` date.
        freshness:
          # Commits listed here (one full id a line, as for `git blame --ignore-revs-file`)
          # and commits carrying the trailer below never count as revisions: use them for
          # bulk reformatting.
          ignore_revs_file: .git-blame-ignore-revs
          non_substantive_trailer: "Atrium-Freshness: skip"
          # How long before its due date a product is reported as "due soon".
          due_soon_window: 60 days

        # Default review interval per product type: "<n> days|weeks|months|years" or
        # "never". A product may set its own `review_interval`.
        review_intervals:
          guidance-note: 24 months
          practice-note: 36 months
          lessons-learned-study: 60 months
          after-action-review: 60 months
          end-of-assignment-report: never
          survey-of-practice: 36 months
          research-paper: 48 months
          training-module: 24 months
          programming-tool: 24 months
          country-profile: 12 months
          community-of-practice: 12 months
          expert-profile: 12 months
          knowledge-product-plan: 12 months

        # ISO 639-1 codes a product's `language` may take. Arabic is laid out right to left.
        languages: [en, fr, es, ar]

        # --- Taxonomies ---------------------------------------------------------------
        # Every unit, strategic area, type of support, region and country used in front
        # matter must be listed here. Ids are what authors write (lowercase, hyphenated);
        # names are what readers see. Replace these examples with your organization's own.
        taxonomies:
          # Organizational units: owners of products and of recommendations. `kind` is
          # headquarters, regional-office or country-office; offices name their region.
          units:
            - id: hq-knowledge
              name: "Knowledge Management Section"
              kind: headquarters
            - id: hq-policy
              name: "Policy Division"
              kind: headquarters
            - id: ro-asia-pacific
              name: "Regional Office for Asia and the Pacific"
              kind: regional-office
              region: asia-pacific
            - id: co-np
              name: "Country Office Nepal"
              kind: country-office
              region: asia-pacific

          # The areas of the strategic plan. With the types of support they form the
          # knowledge-gap matrix.
          strategic_areas:
            - id: leadership-and-participation
              name: "Leadership and participation"
            - id: ending-violence
              name: "Ending violence"
            - id: peace-and-security
              name: "Peace and security"
            - id: economic-empowerment
              name: "Economic empowerment"
            - id: planning-and-budgeting
              name: "Planning and budgeting"

          # The types of support the organization provides.
          support_types:
            - id: normative-support
              name: "Normative support"
            - id: un-coordination
              name: "UN coordination"
            - id: integrated-policy-advice
              name: "Integrated policy advice"
            - id: capacity-development
              name: "Capacity development"
            - id: advocacy-and-social-mobilization
              name: "Advocacy and social mobilization"
            - id: technical-assistance
              name: "Technical assistance"

          # Regions, for `regions` in front matter and for grouping countries.
          regions:
            - id: asia-pacific
              name: "Asia and the Pacific"
            - id: east-southern-africa
              name: "East and Southern Africa"

          # Countries by ISO 3166-1 alpha-2 code. Quote every code: YAML reads some
          # (such as "NO" for Norway) as true or false otherwise.
          countries:
            - id: "NP"
              name: "Nepal"
              region: asia-pacific
            - id: "KE"
              name: "Kenya"
              region: east-southern-africa

        # Severities of configurable rules (`atrium explain` lists them):
        # rules:
        #   freshness/overdue: error     # error, warning or off

        """
    }

    static func exampleProduct(today: CalendarDate) -> String {
        """
        ---
        title: "Welcome to the knowledge repository"
        type: guidance-note
        summary: How to add a knowledge product to this repository, preview it and get it through the check before it is published.
        owner: hq-knowledge
        date: \(today)
        audience: public
        status: published
        language: en
        approved_by: "Knowledge Management Section"
        approved_on: \(today)
        strategic_areas: [leadership-and-participation]
        support_types: [capacity-development]
        tags: [getting-started]
        ---

        ## Adding a product

        Every knowledge product is one Markdown file with YAML front matter under `content/`. Start one with

        ```sh
        atrium new practice-note "How we run partner consultations"
        ```

        and fill in the fields marked `TODO`. `atrium check` says what is still missing, with the file, line and
        column; `atrium serve` shows the portal as it will look, and reloads as you save.

        ## Publishing

        Open a pull request. The CI workflow in `.github/workflows/atrium.yml` runs the same check, and the portal
        is compiled with `atrium build`.

        """
    }

    static let gitignore = """
        # Built portal and Atrium's history cache: both are made again from the repository.
        /_site/
        .atrium-cache/

        """

    static let workflow = """
        # Checks every pull request with Atrium: annotations on the changed lines and a summary.
        name: atrium
        on: [pull_request]
        permissions:
          contents: read
          security-events: write          # for the SARIF upload
        jobs:
          check:
            runs-on: ubuntu-latest
            container: swift:6.1          # any image with Swift 6
            steps:
              - uses: actions/checkout@v4
                with:
                  fetch-depth: 0          # full history: freshness dates are wrong in a shallow clone
              - run: git config --global --add safe.directory "$GITHUB_WORKSPACE"
              - uses: atrium-km/atrium@main
                with:
                  changed-since: origin/${{ github.base_ref }}
              - uses: github/codeql-action/upload-sarif@v3
                if: always()
                with:
                  sarif_file: atrium.sarif

        """

    static func readme(title: String) -> String {
        """
        # \(title)

        A knowledge repository compiled by [Atrium](https://github.com/atrium-km/atrium): every product is a
        Markdown file with YAML front matter under `content/`.

        ```sh
        atrium new guidance-note "Title of the note"   # start a product; fill in the fields marked TODO
        atrium serve                                   # preview at http://127.0.0.1:8000/, reloads as you save
        atrium check                                   # what is wrong, where, and how to fix it
        atrium build                                   # the public portal, into _site/
        ```

        The standards are in `schemas/`, the taxonomies and settings in `atrium.yml`, the portal's look in
        `site-template/`. `atrium schema export` writes schemas for editors (see its README).

        """
    }
}
