/**
 * The frame of the sandbox's mailbox and SMS pages (Nunjucks, autoescaped: everything shown
 * there came from outside and is untrusted): a banner saying nothing is delivered, a skip
 * link, navigation between the pages, one main landmark. `content` names `title` and `section`.
 */
export function sandboxPage(content: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ title }} – Townhall sandbox</title>
<style>
body { font-family: system-ui, sans-serif; margin: 0; color: #0b0c0c; line-height: 1.5; }
header { background: #1d3557; color: #fff; padding: 1rem; }
header p { margin: 0 0 .5rem; }
header a { color: #fff; margin-right: 1rem; }
header a[aria-current] { font-weight: 700; }
main { max-width: 72rem; margin: 0 auto; padding: 1rem; }
a { color: #1d70b8; } a:visited { color: #4c2c92; }
table { border-collapse: collapse; width: 100%; }
caption { text-align: left; font-weight: 700; font-size: 1.1rem; margin-bottom: .5rem; }
th, td { text-align: left; vertical-align: top; padding: .4rem .6rem; border-bottom: 1px solid #b1b4b6; overflow-wrap: anywhere; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: .25rem 1rem; }
dt { font-weight: 700; } dd { margin: 0; overflow-wrap: anywhere; }
pre { white-space: pre-wrap; overflow-wrap: anywhere; background: #f3f2f1; padding: 1rem; }
.hint { color: #505a5f; }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
.skip { position: absolute; left: -999px; } .skip:focus { left: 1rem; top: 1rem; background: #ffdd00; color: #0b0c0c; padding: .5rem; }
:focus-visible { outline: 3px solid #ffdd00; outline-offset: 2px; box-shadow: 0 0 0 6px #0b0c0c; }
</style>
</head>
<body>
<a class="skip" href="#main">Skip to the content</a>
<header>
<p>Townhall sandbox: test mail and SMS only, nothing is delivered to anyone</p>
<nav aria-label="Sandbox outboxes">
<a href="/mail"{% if section == 'mail' %} aria-current="page"{% endif %}>Mail</a>
<a href="/sms"{% if section == 'sms' %} aria-current="page"{% endif %}>SMS</a>
</nav>
</header>
<main id="main">
${content}
</main>
</body>
</html>`;
}

/** A time as the pages show it: 2025-05-01 14:03:07 UTC. */
export function displayTime(iso: string): string {
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)} UTC`;
}
