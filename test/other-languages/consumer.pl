#!/usr/bin/env perl
# A Perl client generated at run time by OpenAPI::Client (Debian's libopenapi-client-perl) from the
# published OpenAPI 3.0.3 rendition, against `cfq serve`. Prints TAP; exits non-zero on any failure.
# Usage: consumer.pl SPEC_3_0_JSON BASE_URL TOKEN
use strict;
use warnings;
use OpenAPI::Client;
use MIME::Base64 qw(decode_base64);
use Mojo::JSON qw(decode_json);

my ($spec, $base_url, $token) = @ARGV;
my $client = OpenAPI::Client->new("file://$spec", base_url => $base_url);
$client->ua->on(start => sub { my ($ua, $tx) = @_; $tx->req->headers->authorization("Bearer $token") });

my $n = 0;
my $failed = 0;
sub ok {
  my ($ok, $what) = @_;
  $n++;
  $failed++ unless $ok;
  print(($ok ? "ok" : "not ok") . " $n - $what\n");
  return $ok;
}

my %path = (account_id => 'acc', queue_id => 'perl');
sub call {
  my ($operation, $body) = @_;
  return $client->call($operation => {%path}, json => $body);
}

# push, batch push, pull and ack: the client's own validation accepts what it sends
my $tx = call('queues-push-message' => {body => {order_id => 4812, action => 'ship'}});
ok($tx->res->code == 200 && $tx->res->json->{success}, 'push a json message');
ok($tx->res->json->{result}{metadata}{metrics}{backlog_count} == 1, 'push answers with the metrics');

$tx = call('queues-push-messages' => {
  messages => [{body => 'plain reminder', content_type => 'text'}, {body => {n => 2}, delay_seconds => 0}],
});
ok($tx->res->code == 200 && $tx->res->json->{success}, 'push a batch');

$tx = call('queues-pull-messages' => {batch_size => 10, visibility_timeout_ms => 60000});
my $pulled = $tx->res->json;
ok($tx->res->code == 200 && $pulled->{success}, 'pull');
my @messages = @{$pulled->{result}{messages}};
ok(@messages == 3, 'pull leases the three messages');
ok($pulled->{result}{message_backlog_count} == 3, 'pull reports the backlog');
my ($json) = grep { $_->{metadata}{'CF-Content-Type'} eq 'json' } @messages;
ok(decode_json(decode_base64($json->{body}))->{order_id} == 4812, 'a json body decodes from base64');
my ($text) = grep { $_->{metadata}{'CF-Content-Type'} eq 'text' } @messages;
ok($text->{body} eq 'plain reminder' && $text->{attempts} == 1, 'a text body comes back as is');

$tx = call('queues-ack-messages' => {
  acks => [map { {lease_id => $_->{lease_id}} } grep { $_ != $text } @messages],
  retries => [{lease_id => $text->{lease_id}, delay_seconds => 0}],
});
my $acked = $tx->res->json;
ok($tx->res->code == 200 && $acked->{result}{ackCount} == 2 && $acked->{result}{retryCount} == 1, 'ack two, retry one');

$tx = call('queues-pull-messages' => {});
ok($tx->res->json->{result}{messages}[0]{attempts} == 2, 'the retried message comes back with attempts 2');

# invalid requests are refused by the Perl client's own validation, from the spec: never sent
$tx = call('queues-push-message' => {content_type => 'json'});
ok($tx->res->code == 400 && !exists $tx->res->json->{success}, 'a message without body is refused by the client');
print "# " . join('; ', map { "$_->{path}: $_->{message}" } @{$tx->res->json->{errors}}) . "\n";
$tx = call('queues-push-message' => {body => 'x', content_type => 'xml'});
ok($tx->res->code == 400 && !exists $tx->res->json->{success}, 'a wrong content_type is refused by the client');
$tx = call('queues-pull-messages' => {batch_size => 0});
ok($tx->res->code == 400 && !exists $tx->res->json->{success}, 'batch_size 0 is refused by the client');

print "1..$n\n";
exit($failed ? 1 : 0);
