import AtriumCore

/// The README written beside exported schemas: how to wire them into an editor, said truthfully —
/// VS Code's YAML extension does not look inside Markdown files, so front matter needs a
/// front-matter-aware linter.
public enum EditorSchemaReadme {
    /// - Parameters:
    ///   - folder: where the schemas are, relative to the repository root (e.g. `.vscode/atrium-schemas`).
    ///   - types: the exported product types.
    public static func text(folder: String, types: [String], configuration: Configuration) -> String {
        let content = configuration.contentDirectory
        let remarkMappings = types.map { "        './\(folder)/\($0).schema.json': ['./\(content)/\($0)/*.md']," }.joined(separator: "\n")
        let yamlMappings = types.map { "    \"./\(folder)/\($0).schema.json\": \"drafts/\($0)/*.yml\"" }.joined(separator: ",\n")
        return """
        # Schemas for editors

        Written by `atrium schema export` from `\(configuration.schemasDirectory)/` and `atrium.yml`: one file per product type,
        each complete in itself, with the taxonomies of `atrium.yml` (units, strategic areas, types of support,
        regions, countries, languages) as lists of allowed values. Run the command again after changing either;
        do not edit these files.

        They use only keywords that draft-07 validators understand (the shared fields are merged into each type and
        unknown fields are refused with `additionalProperties`), because editors' validators implement draft-07.
        `atrium check` stays the authority: it also checks what a schema cannot — ids and references across
        products, dates against git history, attachments on disk.

        ## Front matter in Markdown files (VS Code)

        VS Code's YAML extension (`redhat.vscode-yaml`) validates YAML files only: it does not read the front matter
        of a Markdown file (redhat-developer/vscode-yaml#207, open). For inline errors in `\(content)/**/*.md`, use the
        remark extension (`unifiedjs.vscode-remark`) with the `remark-lint-frontmatter-schema` plugin:

        ```sh
        npm install --save-dev remark-cli remark-frontmatter remark-lint-frontmatter-schema
        ```

        and `.remarkrc.mjs` at the repository root:

        ```js
        import remarkFrontmatter from 'remark-frontmatter';
        import remarkLintFrontmatterSchema from 'remark-lint-frontmatter-schema';

        export default {
          plugins: [
            remarkFrontmatter,
            [remarkLintFrontmatterSchema, {
              schemas: {
        \(remarkMappings)
              },
            }],
          ],
        };
        ```

        ## YAML files (VS Code's YAML extension)

        For completion and hovers while drafting metadata in a `.yml` file (one folder per type, copied into the
        product's front matter afterwards), map the schemas in `.vscode/settings.json`:

        ```json
        {
          "yaml.schemas": {
        \(yamlMappings)
          }
        }
        ```

        While you write, `atrium serve` shows every problem of the product in the browser as soon as you save.

        """
    }
}
