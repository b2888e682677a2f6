/** The plain-text part (Handlebars source, rendered without HTML escaping). */
export const EMAIL_TEXT = `{{subject}}

[{{badge.label}}]{{#if dryRun}} CHECK MODE - DRY RUN: nothing is changed{{/if}}
{{title}}
{{summary}}
{{#if links}}

{{#each links}}{{label}}: {{url}}
{{/each}}(Each link opens a confirmation page first.)
{{/if}}
{{#if bar}}

{{bar.caption}}
{{textBar bar}}
{{#each bar.legend}}  {{this}}
{{/each}}
{{/if}}

{{#each facts}}
{{label}}: {{value}}
{{/each}}
{{#each tables}}
{{#if rows.length}}

== {{title}} ==
{{join headers " | "}}
{{#each rows}}{{join this " | "}}
{{/each}}
{{#if note}}{{note}}
{{/if}}
{{/if}}
{{/each}}

{{#each sections}}

== {{title}} ==
{{#if note}}{{note}}
{{/if}}
{{#if items.length}}
{{#each items}}- {{this}}
{{/each}}
{{else}}
{{empty}}
{{/if}}
{{/each}}
--
{{footer}}
`;
