/** The persona picker page (Nunjucks, autoescaped): labels, hints, an error summary, landmarks. */
export const PICKER_TEMPLATE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{% if errorList.length %}Error: {% endif %}{{ title }}</title>
<style>
body { font-family: system-ui, sans-serif; margin: 0; color: #0b0c0c; line-height: 1.5; }
header { background: #1d3557; color: #fff; padding: 1rem; }
main { max-width: 44rem; margin: 0 auto; padding: 1rem; }
fieldset { border: 0; padding: 0; margin: 0 0 1.5rem; }
legend { font-weight: 700; font-size: 1.2rem; margin-bottom: .5rem; }
.option { margin: .5rem 0; }
.hint { color: #505a5f; display: block; }
.error { color: #b10e1e; font-weight: 700; display: block; }
.summary { border: 4px solid #b10e1e; padding: 1rem; margin-bottom: 1.5rem; }
.skip { position: absolute; left: -999px; } .skip:focus { left: 1rem; top: 1rem; background: #ffdd00; color: #0b0c0c; padding: .5rem; }
button { font-size: 1.1rem; padding: .6rem 1.2rem; background: #00703c; color: #fff; border: 0; }
:focus-visible { outline: 3px solid #ffdd00; outline-offset: 2px; box-shadow: 0 0 0 6px #0b0c0c; }
</style>
</head>
<body>
<a class="skip" href="#main">Skip to the login form</a>
<header><p>Townhall sandbox: test identities only, never real people</p></header>
<main id="main">
<h1>{{ title }}</h1>
{% if errorList.length %}
<div class="summary" role="alert" aria-labelledby="summary-title" tabindex="-1">
<h2 id="summary-title">There is a problem</h2>
<ul>{% for e in errorList %}<li><a href="#{{ e.field }}">{{ e.text }}</a></li>{% endfor %}</ul>
</div>
{% endif %}
<form method="post" action="{{ action }}" novalidate>
<fieldset id="persona"{% if errors.persona %} aria-describedby="persona-error"{% endif %}>
<legend>Log in as</legend>
{% if errors.persona %}<span class="error" id="persona-error">{{ errors.persona }}</span>{% endif %}
{% for p in personas %}
<div class="option">
<input type="radio" name="persona" id="persona-{{ p.key }}" value="{{ p.key }}" aria-describedby="persona-{{ p.key }}-hint"{% if p.key == persona %} checked{% endif %}>
<label for="persona-{{ p.key }}">{{ p.label }}{% if p.code %} ({{ p.code }}){% endif %}</label>
<span class="hint" id="persona-{{ p.key }}-hint">{{ p.description }}</span>
</div>
{% endfor %}
</fieldset>
<fieldset id="level"{% if errors.level %} aria-describedby="level-error"{% endif %}>
<legend>Level of assurance</legend>
{% if errors.level %}<span class="error" id="level-error">{{ errors.level }}</span>{% endif %}
{% for l in levels %}
<div class="option">
<input type="radio" name="level" id="level-{{ l }}" value="{{ l }}"{% if l == level %} checked{% endif %}>
<label for="level-{{ l }}">{{ l }}</label>
</div>
{% endfor %}
</fieldset>
{% if secondFactor %}
<div>
<label for="code">One-time code</label>
<span class="hint" id="code-hint">The sandbox shows the code it expects: {{ oneTimeCode }}</span>
{% if errors.code %}<span class="error" id="code-error">{{ errors.code }}</span>{% endif %}
<input id="code" name="code" inputmode="numeric" autocomplete="one-time-code" aria-describedby="code-hint{% if errors.code %} code-error{% endif %}">
</div>
{% endif %}
<p><button type="submit">Log in</button></p>
</form>
</main>
</body>
</html>`;
