"""The AI gateway's policy, as rendered for every entry that deploys it: well-formed XML that
admits only Entra ID tokens of this tenant issued for Azure AI services, calls the models with
the gateway's own identity through the load-balanced pool, and keys token limits and metrics on
the calling application in v1 and v2 tokens alike."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from generator.render import render_files
from generator.render.answers import resolve

GATEWAY_ENTRIES = ("ai-gateway", "genaiops")


@pytest.mark.parametrize("arch_id", GATEWAY_ENTRIES)
def test_the_policy_is_narrow_and_keyed_on_the_calling_application(catalog, arch_id):
    arch = catalog.architecture(arch_id)
    answers = resolve(catalog, given={"architecture": arch_id, "iac": "bicep", "network": arch.network_default})
    files, _ = render_files(catalog, answers)
    text = files["apim/policies/ai-backend.xml"].decode()
    root = ET.fromstring(text)
    token = root.find("./inbound/validate-azure-ad-token")
    assert token is not None and token.get("tenant-id") == "{{tenant-id}}"
    assert [a.text for a in token.findall("./audiences/audience")] == ["https://cognitiveservices.azure.com"]
    caller = root.find("./inbound/set-variable[@name='caller-app']").get("value")
    assert '"azp"' in caller and '"appid"' in caller
    assert root.find("./inbound/set-backend-service").get("backend-id") == "ai-foundry-pool"
    assert root.find("./inbound/authentication-managed-identity").get("resource") == "https://cognitiveservices.azure.com"
    limit = root.find("./inbound/llm-token-limit")
    assert limit.get("counter-key") == '@((string)context.Variables["caller-app"])'
    dims = {d.get("name"): d.get("value") for d in root.findall("./inbound/llm-emit-token-metric/dimension")}
    assert dims["Client ID"] == '@((string)context.Variables["caller-app"])'
    assert "GetValueOrDefault(\"appid\", \"unknown\"))'" not in text
