// Checks the front matter of profiles and campaigns against schemas/*.schema.json while the
// editor types (VS Code: extension unifiedjs.vscode-remark) and on the command line:
//   npx remark --no-stdout content/exemplars/
// `guongsang validate` stays the authority (files, dates, consent, personal data).
import remarkFrontmatter from "remark-frontmatter";
import frontmatterSchema from "remark-lint-frontmatter-schema";

export default {
  plugins: [
    remarkFrontmatter,
    [frontmatterSchema, {
      schemas: {
        "schemas/exemplar.schema.json": ["content/exemplars/*.md"],
        "schemas/campaign.schema.json": ["content/campaigns/*.md"],
      },
      // Its Ajv knows draft-07 by default; the keywords our 2020-12 schemas use mean the same.
      ajvOptions: { validateSchema: false },
    }],
  ],
};
