/**
 * The HTML email (Handlebars source, bundled as a string by esbuild). Email-safe: layout tables,
 * inline styles only, no external images, fonts or CSS. `data-role` attributes mark the parts
 * tests and previews look for; mail clients ignore them.
 */
export const EMAIL_HTML = `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light">
<title>{{subject}}</title>
</head>
<body style="margin:0;padding:0;background-color:#f3f4f6;">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="background-color:#f3f4f6;">
<tr><td align="center" style="padding:24px 12px;">
<table role="presentation" width="640" cellpadding="0" cellspacing="0" border="0" style="width:640px;max-width:640px;background-color:#ffffff;border:1px solid #e5e7eb;font-family:Arial,Helvetica,sans-serif;color:#111827;font-size:14px;line-height:20px;">
  <tr>
    <td style="padding:16px 24px;border-bottom:1px solid #e5e7eb;font-size:12px;color:#6b7280;">
      budget-guardrails &middot; <span data-role="account">{{accountName}} ({{accountId}})</span>
    </td>
  </tr>
  <tr>
    <td style="padding:20px 24px 4px 24px;">
      <span data-role="badge" style="display:inline-block;background-color:{{badge.colors.background}};color:{{badge.colors.text}};padding:6px 14px;border-radius:14px;font-weight:bold;font-size:14px;letter-spacing:1px;">{{badge.label}}</span>
      {{#if dryRun}}<span data-role="dry-run" style="display:inline-block;margin-left:8px;border:1px solid #6b7280;color:#374151;padding:5px 10px;border-radius:14px;font-size:12px;font-weight:bold;">CHECK MODE &middot; DRY RUN</span>{{/if}}
    </td>
  </tr>
  <tr>
    <td style="padding:8px 24px 0 24px;">
      <h1 data-role="title" style="margin:0;font-size:20px;line-height:28px;font-weight:bold;color:#111827;">{{title}}</h1>
      <p data-role="summary" style="margin:8px 0 0 0;color:#374151;">{{summary}}</p>
    </td>
  </tr>
  {{#if links}}
  <tr>
    <td data-role="links" style="padding:16px 24px 0 24px;">
      {{#each links}}<a href="{{url}}" style="display:inline-block;margin:0 8px 8px 0;padding:10px 18px;background-color:#1d4ed8;color:#ffffff;text-decoration:none;font-weight:bold;border-radius:6px;">{{label}}</a>{{/each}}
      <p style="margin:0;font-size:12px;color:#6b7280;">Each link opens a confirmation page first; nothing happens until you confirm there.</p>
    </td>
  </tr>
  {{/if}}
  {{#if bar}}
  <tr>
    <td data-role="bar" style="padding:16px 24px 0 24px;">
      <p data-role="bar-caption" style="margin:0 0 6px 0;font-weight:bold;">{{bar.caption}}</p>
      <table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="border-collapse:collapse;">
        <tr>
          {{#if bar.fillPct}}<td data-role="bar-fill" width="{{bar.fillPct}}%" height="18" style="height:18px;background-color:{{bar.color}};font-size:0;line-height:0;">&nbsp;</td>{{/if}}
          {{#if bar.extraPct}}<td data-role="bar-forecast" width="{{bar.extraPct}}%" height="18" style="height:18px;background-color:{{bar.extraColor}};font-size:0;line-height:0;">&nbsp;</td>{{/if}}
          <td height="18" style="height:18px;background-color:#f3f4f6;font-size:0;line-height:0;">&nbsp;</td>
        </tr>
      </table>
      <table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="border-collapse:collapse;">
        <tr>
          <td data-role="bar-marker" width="{{bar.markerPct}}%" align="right" style="border-right:2px solid #111827;padding:2px 6px 0 0;font-size:11px;line-height:14px;color:#374151;white-space:nowrap;">{{bar.markerLabel}}</td>
          <td style="font-size:0;line-height:0;">&nbsp;</td>
        </tr>
      </table>
      <p data-role="bar-legend" style="margin:4px 0 0 0;font-size:12px;color:#374151;">
        <span style="display:inline-block;width:10px;height:10px;background-color:{{bar.color}};"></span> {{bar.legend.[0]}}
        {{#if bar.legend.[1]}}&nbsp;&nbsp;<span style="display:inline-block;width:10px;height:10px;background-color:{{bar.extraColor}};"></span> {{bar.legend.[1]}}{{/if}}
      </p>
    </td>
  </tr>
  {{/if}}
  <tr>
    <td style="padding:16px 24px 0 24px;">
      <table data-role="facts" role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="border-collapse:collapse;">
        {{#each facts}}
        <tr>
          <td style="padding:5px 12px 5px 0;border-bottom:1px solid #f3f4f6;color:#6b7280;width:170px;vertical-align:top;">{{label}}</td>
          <td style="padding:5px 0;border-bottom:1px solid #f3f4f6;vertical-align:top;">{{value}}</td>
        </tr>
        {{/each}}
      </table>
    </td>
  </tr>
  {{#each tables}}
  {{#if rows.length}}
  <tr>
    <td style="padding:18px 24px 0 24px;">
      <h2 style="margin:0 0 6px 0;font-size:16px;line-height:22px;color:#111827;">{{title}}</h2>
      <table data-role="table" role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="border-collapse:collapse;font-size:13px;">
        <tr>{{#each headers}}<th align="left" style="padding:6px 8px;background-color:#f3f4f6;border:1px solid #e5e7eb;">{{this}}</th>{{/each}}</tr>
        {{#each rows}}<tr>{{#each this}}<td style="padding:6px 8px;border:1px solid #e5e7eb;vertical-align:top;">{{this}}</td>{{/each}}</tr>{{/each}}
      </table>
      {{#if note}}<p style="margin:4px 0 0 0;font-size:12px;color:#6b7280;">{{note}}</p>{{/if}}
    </td>
  </tr>
  {{/if}}
  {{/each}}
  {{#each sections}}
  <tr>
    <td data-role="section" style="padding:18px 24px 0 24px;">
      <h2 style="margin:0 0 6px 0;font-size:16px;line-height:22px;color:#111827;">{{title}}</h2>
      {{#if note}}<p style="margin:0 0 6px 0;color:#374151;">{{note}}</p>{{/if}}
      {{#if items.length}}
      <ul style="margin:0;padding-left:20px;">
        {{#each items}}<li style="margin:0 0 4px 0;">{{this}}</li>{{/each}}
      </ul>
      {{else}}
      <p style="margin:0;color:#374151;">{{empty}}</p>
      {{/if}}
    </td>
  </tr>
  {{/each}}
  <tr>
    <td style="padding:24px;font-size:12px;line-height:18px;color:#6b7280;">{{footer}}</td>
  </tr>
</table>
</td></tr>
</table>
</body>
</html>
`;
