import { sandboxPage } from './sandbox-page.layout.js';

/** GET /mail: the received mail, newest first. */
export const MAIL_LIST_TEMPLATE = sandboxPage(`<h1>{{ title }}</h1>
<p class="hint">The sandbox's SMTP server is {{ 'running' if running else 'stopped' }} on {{ host }}:{{ port }}.
The same mail as JSON: <a href="/mail/v1/messages">/mail/v1/messages</a>.</p>
{% if messages.length %}
<table>
<caption>Received mail, newest first{% if messages.length < total %} (the newest {{ messages.length }} of {{ total }}){% endif %}</caption>
<thead>
<tr><th scope="col">Received</th><th scope="col">To</th><th scope="col">Subject</th><th scope="col">Message</th></tr>
</thead>
<tbody>
{% for m in messages %}
<tr>
<td><time datetime="{{ m.receivedAt }}">{{ m.time }}</time></td>
<td>{{ m.recipients }}</td>
<td>{{ m.subject or '(no subject)' }}{% if m.receivedAgain.length %} (handed over {{ m.receivedAgain.length + 1 }} times, kept once){% endif %}</td>
<td><a href="/mail/{{ m.id }}">Open<span class="visually-hidden"> the message {{ m.subject or '(no subject)' }}</span></a></td>
</tr>
{% endfor %}
</tbody>
</table>
{% else %}
<p>No mail has arrived yet.</p>
{% endif %}`);

/** GET /mail/:id: one message, its headers, text body and attachments. */
export const MAIL_MESSAGE_TEMPLATE = sandboxPage(`<p><a href="/mail">All mail</a></p>
<h1>{{ message.subject or '(no subject)' }}</h1>
<dl>
<dt>Received</dt><dd><time datetime="{{ message.receivedAt }}">{{ time }}</time></dd>
{% if message.receivedAgain.length %}<dt>Handed over again</dt><dd>{{ message.receivedAgain | join(', ') }}
(the same Message-ID to the same recipients: kept once)</dd>{% endif %}
<dt>From</dt><dd>{{ message.from or '(none)' }}</dd>
<dt>To</dt><dd>{{ message.to | join(', ') or '(none)' }}</dd>
<dt>Envelope sender</dt><dd>{{ message.envelope.from or '(none)' }}</dd>
<dt>Envelope recipients</dt><dd>{{ message.envelope.to | join(', ') }}</dd>
<dt>Message-ID</dt><dd>{{ message.messageId or '(none)' }}</dd>
<dt>Delivery key</dt><dd>{{ message.deliveryKey or '(none)' }}</dd>
</dl>
<h2>Text</h2>
{% if message.text %}<pre>{{ message.text }}</pre>{% else %}<p>The message has no text body.</p>{% endif %}
{% if message.html %}<p class="hint">It also has an HTML body ({{ message.html.length }} characters), not shown here:
the <a href="/mail/v1/messages/{{ message.id }}">message as JSON</a> holds it.</p>{% endif %}
<h2>Attachments</h2>
{% if message.attachments.length %}
<ul>
{% for a in message.attachments %}
<li><a href="/mail/v1/messages/{{ message.id }}/attachments/{{ a.index }}" download>{{ a.filename or 'attachment ' + (a.index + 1) }}</a>
({{ a.contentType }}, {{ a.size }} bytes)</li>
{% endfor %}
</ul>
{% else %}
<p>None.</p>
{% endif %}`);
