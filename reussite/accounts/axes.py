"""django-axes without personal data: what it writes to the log names no one."""


def client_str(username, ip_address, user_agent, path_info, request) -> str:
    """How axes names a client in its log lines: the path only (no username, address nor browser)."""
    if isinstance(path_info, (tuple, list)):
        path_info = path_info[0] if path_info else ""
    return f'{{path_info: "{path_info}"}}'
