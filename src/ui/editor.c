#include <config.h>

#include <curses.h>
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "ui/editor.h"
#include "util/intl.h"
#include "util/xalloc.h"

const char *
editor_command(const struct config *cfg)
{
	const char *e;

	if (cfg->editor != NULL && *cfg->editor != '\0')
		return cfg->editor;
	if ((e = getenv("VISUAL")) != NULL && *e != '\0')
		return e;
	if ((e = getenv("EDITOR")) != NULL && *e != '\0')
		return e;
	return "vi";
}

int
editor_run_argv(char *const argv[], struct err *err)
{
	struct sigaction ign = { .sa_handler = SIG_IGN }, old_int, old_quit;
	int status = 0;
	pid_t pid, r;

	/* The terminal is the child's until it ends: ^C is for it. */
	def_prog_mode();
	endwin();
	sigemptyset(&ign.sa_mask);
	sigaction(SIGINT, &ign, &old_int);
	sigaction(SIGQUIT, &ign, &old_quit);
	pid = fork();
	if (pid == 0) {
		signal(SIGINT, SIG_DFL);
		signal(SIGQUIT, SIG_DFL);
		signal(SIGPIPE, SIG_DFL);
		execvp(argv[0], argv);
		_exit(127);
	}
	if (pid > 0)
		while ((r = waitpid(pid, &status, 0)) < 0 && errno == EINTR)
			;
	sigaction(SIGINT, &old_int, NULL);
	sigaction(SIGQUIT, &old_quit, NULL);
	reset_prog_mode();
	clearok(curscr, TRUE);
	refresh();
	if (pid < 0)
		return err_sys(err, ERR_FINAL, _("cannot start '%s'"), argv[0]);
	if (WIFSIGNALED(status))
		return err_set(err, ERR_FINAL, _("'%s' was ended by signal %d"),
		    argv[0], WTERMSIG(status));
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

int
editor_run(struct ui *ui, const char *path, struct err *err)
{
	const char *cmd = editor_command(ui->cfg);
	char *script;
	char *argv[6];
	int r;

	/* "$EDITOR file" as a shell would run it: the command may have
	 * options; the path is passed as "$1", never parsed. */
	script = xasprintf("%s \"$1\"", cmd);
	argv[0] = "/bin/sh";
	argv[1] = "-c";
	argv[2] = script;
	argv[3] = "sh";
	argv[4] = (char *)path;
	argv[5] = NULL;
	r = editor_run_argv(argv, err);
	free(script);
	if (r < 0)
		return err_prefix(err, _("the editor '%s'"), cmd);
	if (r == 127)
		return err_set(err, ERR_FINAL,
		    _("cannot run the editor '%s': no such command"), cmd);
	if (r != 0)
		return err_set(err, ERR_FINAL,
		    _("the editor '%s' exited with status %d"), cmd, r);
	return 0;
}
