import { sandboxPage } from '../mail/sandbox-page.layout.js';

/** GET /sms: the accepted text messages, newest first. */
export const SMS_LIST_TEMPLATE = sandboxPage(`<h1>{{ title }}</h1>
<p class="hint">The SMS provider stand-in takes messages at POST /sms/v1/messages{% if faultStatus %}, and now
fails on purpose with {{ faultStatus }}{% endif %}. The same messages as JSON: <a href="/sms/v1/messages">/sms/v1/messages</a>.</p>
{% if messages.length %}
<table>
<caption>Text messages, newest first{% if messages.length < total %} (the newest {{ messages.length }} of {{ total }}){% endif %}</caption>
<thead>
<tr><th scope="col">Received</th><th scope="col">To</th><th scope="col">Sender</th><th scope="col">Text</th><th scope="col">Reference</th></tr>
</thead>
<tbody>
{% for m in messages %}
<tr>
<td><time datetime="{{ m.receivedAt }}">{{ m.time }}</time></td>
<td>{{ m.to }}</td>
<td>{{ m.sender or '(default)' }}</td>
<td>{{ m.text }}</td>
<td>{{ m.reference or '(none)' }}</td>
</tr>
{% endfor %}
</tbody>
</table>
{% else %}
<p>No text message has been sent yet.</p>
{% endif %}`);
