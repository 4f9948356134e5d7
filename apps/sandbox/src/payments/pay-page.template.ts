/**
 * The gateway's payment page (Nunjucks, autoescaped): what the merchant asks, and three
 * buttons a tester chooses from. Plain HTML, labelled, keyboard-first, one main landmark.
 */
export const PAY_PAGE_TEMPLATE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ title }} – Sandbox Pay</title>
<style>
body { font-family: system-ui, sans-serif; margin: 0; color: #0b0c0c; line-height: 1.5; }
header { background: #00703c; color: #fff; padding: 1rem; }
header p { margin: 0; }
main { max-width: 40rem; margin: 0 auto; padding: 1rem; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: .25rem 1rem; }
dt { font-weight: 700; } dd { margin: 0; overflow-wrap: anywhere; }
.amount { font-size: 2rem; font-weight: 700; margin: .5rem 0 1rem; }
.buttons { display: flex; flex-wrap: wrap; gap: 1rem; margin-top: 1.5rem; }
button { font: inherit; font-weight: 700; padding: .6rem 1.2rem; border: 2px solid #0b0c0c; border-radius: 0; cursor: pointer; }
.pay { background: #00703c; color: #fff; border-color: #00703c; }
.cancel { background: #f3f2f1; color: #0b0c0c; }
.fail { background: #fff; color: #d4351c; border-color: #d4351c; }
.notice { border-left: 6px solid #d4351c; padding: .5rem 1rem; background: #fef7f7; }
:focus-visible { outline: 3px solid #ffdd00; outline-offset: 2px; box-shadow: 0 0 0 6px #0b0c0c; }
</style>
</head>
<body>
<header><p>Sandbox Pay: a test payment gateway. No money moves.</p></header>
<main id="main">
<h1>{{ title }}</h1>
{% if session.status != 'open' %}
<p class="notice" role="status">This payment session is {{ session.status }} and cannot be paid.</p>
{% else %}
<p class="amount">{{ amount }}</p>
<dl>
<dt>Merchant</dt><dd>{{ session.merchantId }}</dd>
<dt>For</dt><dd>{{ session.description }}</dd>
<dt>Method</dt><dd>{{ method }}</dd>
<dt>Order reference</dt><dd>{{ session.reference }}</dd>
<dt>Session expires</dt><dd>{{ session.expiresAt }}</dd>
</dl>
<form method="post" action="/payments/pay/{{ session.id }}">
<fieldset>
<legend>Choose what the test payer does</legend>
<div class="buttons">
<button class="pay" type="submit" name="outcome" value="paid">Pay {{ amount }}</button>
<button class="cancel" type="submit" name="outcome" value="cancelled">Cancel and return</button>
<button class="fail" type="submit" name="outcome" value="failed">Make the payment fail</button>
</div>
</fieldset>
</form>
{% endif %}
</main>
</body>
</html>`;
